using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XRay.Data;

namespace XRay.AspNetCore.Implementation;

/// <summary>
/// Sends what the recorder has queued once the host has stopped: after the server has drained its requests and every
/// other hosted service has stopped, so the last segments they ended are sent too.
/// </summary>
internal sealed class XRayShutdownFlush(XRayRecorder recorder) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await recorder.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout wins; disposing the recorder with the container still sends what it can.
            recorder.Options.Logger?.LogWarning("The host's shutdown timeout passed before X-Ray had sent every queued segment.");
        }
    }
}
