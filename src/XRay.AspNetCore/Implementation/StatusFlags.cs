using XRay.Data;

namespace XRay.AspNetCore.Implementation;

/// <summary>What a response status says about a call, for incoming requests and outgoing calls alike.</summary>
internal static class StatusFlags
{
    /// <summary>4xx is an error, 429 also a throttle, 5xx a fault.</summary>
    public static void Apply(Entity entity, int status)
    {
        if (status is >= 400 and < 500)
            entity.Error = true;
        if (status == 429)
            entity.Throttle = true;
        if (status >= 500)
            entity.Fault = true;
    }
}
