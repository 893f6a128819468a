using XRay.AspNetCore.Implementation;
using XRay.Data;

namespace XRay.AspNetCore;

/// <summary>Segments for work that is not an HTTP request: a hosted service's pass, a queue message, a scheduled job.</summary>
public static class XRayRecorderExtensions
{
    /// <summary>
    /// Runs one unit of work in a segment of its own, current for the work's async flow, so that its database commands
    /// and outgoing calls become its subsegments. An exception is recorded as the segment's cause, by the same rules as
    /// an unhandled exception of a request, and rethrown unchanged; a cancellation through
    /// <paramref name="cancellationToken"/> is an error, not a fault.
    /// </summary>
    /// <example><code>
    /// // In a BackgroundService, with the application's recorder injected:
    /// while (!stoppingToken.IsCancellationRequested)
    ///     await recorder.TraceAsync("archive-sweeper", async (segment, ct) =&gt; await SweepAsync(ct), cancellationToken: stoppingToken);
    /// </code></example>
    /// <param name="recorder">The application's recorder.</param>
    /// <param name="name">The segment's name: the worker's name on the service map.</param>
    /// <param name="work">The unit of work; it may annotate the segment it is given.</param>
    /// <param name="header">
    /// The trace header that came with the work, such as an SQS message's <c>AWSTraceHeader</c> attribute, to continue
    /// its trace; with none, the sampling rules decide.
    /// </param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>.</param>
    public static async Task TraceAsync(this XRayRecorder recorder, string name, Func<Segment, CancellationToken, Task> work, TraceHeader? header = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await TraceAsync(recorder, name, async (segment, token) =>
        {
            await work(segment, token).ConfigureAwait(false);
            return true;
        }, header, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="TraceAsync(XRayRecorder, string, Func{Segment, CancellationToken, Task}, TraceHeader?, CancellationToken)"/>
    /// <returns>What <paramref name="work"/> returned.</returns>
    public static async Task<T> TraceAsync<T>(this XRayRecorder recorder, string name, Func<Segment, CancellationToken, Task<T>> work, TraceHeader? header = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(work);
        using var segment = recorder.BeginSegment(name, header);
        try
        {
            return await work(segment, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            segment.Error = true;
            throw;
        }
        catch (Exception exception)
        {
            ApplicationExceptions.AddCauseAsDatabaseErrorsAre(segment, exception);
            throw;
        }
    }
}
