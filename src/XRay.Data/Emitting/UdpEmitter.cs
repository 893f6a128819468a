using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace XRay.Data;

/// <summary>
/// Sends finished segments to the daemon over UDP from one background task, so the application's threads only
/// enqueue. A full queue drops (and counts) instead of blocking; a missing daemon is never an exception.
/// </summary>
internal sealed partial class UdpEmitter : IAsyncDisposable
{
    /// <summary>The largest UDP payload over IPv4; the daemon's 64 KiB read buffer is larger, so this is the limit.</summary>
    public const int MaxDatagramSize = 65_507;

    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(5);

    private readonly Channel<Work> queue;
    private readonly DaemonAddress address;
    private readonly ILogger logger;
    private readonly SegmentSerializer serializer = new();
    private readonly Task sender;
    private Socket? socket;
    private EndPoint? endpoint;
    private long nextResolve;

    public UdpEmitter(DaemonAddress address, int capacity, ILogger logger)
    {
        this.address = address;
        this.logger = logger;
        queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        sender = Task.Run(SendLoopAsync);
    }

    public EmitterStatistics Statistics { get; } = new();

    public DaemonAddress Address => address;

    /// <summary>Queues an ended entity; never blocks, never throws.</summary>
    public void Enqueue(Entity entity, bool streamed)
    {
        if (queue.Writer.TryWrite(new Work(entity, streamed, null)))
            return;
        var dropped = Statistics.QueueFull();
        if (IsWorthLogging(dropped))
            logger.LogWarning("X-Ray emitter queue is full: {Dropped} document(s) dropped so far. The daemon at {Address} may be slow or the application records faster than it can send.", dropped, address);
    }

    /// <summary>Completes once everything queued before the call has been sent (or counted as lost).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await queue.Writer.WriteAsync(new Work(null, false, flushed), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return;
        }

        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await sender.ConfigureAwait(false);
        socket?.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var work))
                Process(work);

            // Resting a moment lets documents gather: a writer that finds the sender awake-but-resting enqueues
            // without waking a thread, which is most of what an enqueue would otherwise cost the application.
            await Task.Delay(BatchDelay).ConfigureAwait(false);
        }
    }

    private void Process(Work work)
    {
        if (work.Entity is { } entity)
        {
            try
            {
                Emit(entity, work.Streamed);
            }
#pragma warning disable CA1031 // The sender must outlive any single bad document.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Statistics.TooLarge();
                logger.LogError(ex, "X-Ray emitter could not serialize segment {Name}; it was dropped.", entity.Name);
            }
        }

        work.Flushed?.TrySetResult();
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        try
        {
            var target = Endpoint();
            if (target is null)
            {
                Failed(null);
                return;
            }

            socket ??= new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.SendTo(datagram, SocketFlags.None, target);
            Statistics.Sent();
        }
        catch (SocketException ex)
        {
            // A port-unreachable report from an earlier datagram surfaces here; the next send may well succeed.
            Failed(ex);
        }
        catch (ObjectDisposedException ex)
        {
            Failed(ex);
        }
    }

    private EndPoint? Endpoint()
    {
        if (endpoint is not null)
            return endpoint;
        var now = Environment.TickCount64;
        if (now < nextResolve)
            return null;
        try
        {
            endpoint = IPAddress.TryParse(address.UdpHost, out var ip)
                ? new IPEndPoint(ip, address.UdpPort)
                : new IPEndPoint(Dns.GetHostAddresses(address.UdpHost)[0], address.UdpPort);
        }
        catch (Exception ex) when (ex is SocketException or IndexOutOfRangeException or ArgumentException)
        {
            // Unresolvable now; retry in a few seconds rather than on every datagram.
            nextResolve = now + 5_000;
            logger.LogWarning(ex, "X-Ray daemon host {Host} could not be resolved.", address.UdpHost);
        }

        return endpoint;
    }

    private void Failed(Exception? ex)
    {
        var failures = Statistics.SendFailed();
        if (IsWorthLogging(failures))
            logger.LogWarning(ex, "X-Ray datagram to {Address} was not delivered ({Failures} so far). Is the daemon running?", address, failures);
    }

    // The first occurrence and every thousandth after it: visible without flooding the log.
    private static bool IsWorthLogging(long count) => count == 1 || count % 1000 == 0;

    private readonly record struct Work(Entity? Entity, bool Streamed, TaskCompletionSource? Flushed);
}
