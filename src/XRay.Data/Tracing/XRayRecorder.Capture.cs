namespace XRay.Data;

public sealed partial class XRayRecorder
{
    /// <summary>Runs <paramref name="body"/> in a subsegment; an exception is recorded and rethrown unchanged.</summary>
    public void Capture(string name, Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var subsegment = BeginSubsegment(name);
        try
        {
            body();
        }
        catch (Exception ex)
        {
            Record(subsegment, ex);
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> in a subsegment; an exception is recorded and rethrown unchanged.</summary>
    public T Capture<T>(string name, Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var subsegment = BeginSubsegment(name);
        try
        {
            return body();
        }
        catch (Exception ex)
        {
            Record(subsegment, ex);
            throw;
        }
    }

    /// <summary>Awaits <paramref name="body"/> in a subsegment; an exception is recorded and rethrown unchanged.</summary>
    public async Task CaptureAsync(string name, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var subsegment = BeginSubsegment(name);
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Record(subsegment, ex);
            throw;
        }
    }

    /// <summary>Awaits <paramref name="body"/> in a subsegment; an exception is recorded and rethrown unchanged.</summary>
    public async Task<T> CaptureAsync<T>(string name, Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var subsegment = BeginSubsegment(name);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Record(subsegment, ex);
            throw;
        }
    }

    /// <summary>A cancellation is the caller's choice, an error; anything else is a fault.</summary>
    private static void Record(Entity entity, Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            entity.RecordException(exception, remote: false, markFault: false);
            entity.Error = true;
        }
        else
        {
            entity.AddException(exception);
        }
    }
}
