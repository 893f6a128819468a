namespace XRay.Data;

/// <summary>Takes at most <c>fixed_target</c> traces each second, before the rule's rate applies.</summary>
internal sealed class Reservoir
{
    private readonly int perSecond;
    private readonly Lock sync = new();
    private long second;
    private int taken;

    public Reservoir(int perSecond) => this.perSecond = perSecond;

    public bool TryTake(long nowSecond)
    {
        if (perSecond <= 0)
            return false;
        lock (sync)
        {
            if (nowSecond != second)
            {
                second = nowSecond;
                taken = 0;
            }

            if (taken >= perSecond)
                return false;
            taken++;
            return true;
        }
    }
}
