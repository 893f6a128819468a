using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace XRay.Data;

/// <summary>
/// Sends segment documents to the daemon over UDP from one background thread of the lowest priority, so the
/// application's threads only enqueue and never wait for the sender's CPU time. A full queue drops (and counts)
/// instead of blocking; a missing daemon is never an exception.
/// </summary>
internal sealed partial class UdpEmitter : IAsyncDisposable
{
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(5);

    private readonly Channel<Work> queue;
    private readonly DaemonAddress address;
    private readonly ILogger logger;
    private readonly SegmentSerializer serializer = new();
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Cuts the sender's rest short when someone waits for it: a flush, or the end. Never disposed: a late flush
    // may still set it, and it holds no kernel handle unless one is asked for.
    private readonly ManualResetEventSlim hurry = new();
    private Socket? socket;
    private long nextResolve;

    public UdpEmitter(DaemonAddress address, int capacity, StreamingPolicy streaming, ILogger logger)
    {
        this.address = address;
        this.logger = logger;
        Streaming = streaming;
        queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            // The idle sender is woken by the writer itself, not through the thread pool, which may be starved.
            AllowSynchronousContinuations = true,
        });
        new Thread(SendLoop) { IsBackground = true, Name = "X-Ray sender" }.Start();
    }

    public EmitterStatistics Statistics { get; } = new();

    public DaemonAddress Address => address;

    /// <summary>What is sent on its own.</summary>
    public StreamingPolicy Streaming { get; }

    /// <summary>
    /// Queues a document; never blocks, never throws. <paramref name="live"/> when it holds entities still in
    /// progress: it is then written under the trace's lock, as the application may still change them.
    /// </summary>
    public void Enqueue(Entity entity, bool streamed, bool live)
    {
        if (queue.Writer.TryWrite(new Work(entity, streamed, live, null)))
            return;
        var dropped = Statistics.QueueFull();
        if (IsWorthLogging(dropped))
            logger.LogWarning("X-Ray emitter queue is full: {Dropped} document(s) dropped so far. The daemon at {Address} may be slow or the application records faster than it can send.", dropped, address);
    }

    /// <summary>Queues a document, waiting for room rather than dropping it: for the recorder's last documents.</summary>
    public async Task EnqueueWhenRoomAsync(Entity entity, bool streamed, bool live)
    {
        try
        {
            await queue.Writer.WriteAsync(new Work(entity, streamed, live, null)).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            Statistics.QueueFull();
        }
    }

    /// <summary>Completes once everything queued before the call has been sent (or counted as lost).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await queue.Writer.WriteAsync(new Work(null, false, false, flushed), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return;
        }

        hurry.Set();
        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        hurry.Set();
        await stopped.Task.ConfigureAwait(false);
        socket?.Dispose();
    }

    private void SendLoop()
    {
        try
        {
            SenderPriority.Lower();
            var reader = queue.Reader;
            while (true)
            {
                // A flush from here on cuts the next rest short; one made earlier is already in the queue.
                hurry.Reset();
                var sent = false;
                while (reader.TryRead(out var work))
                {
                    Process(work);
                    sent = true;
                }

                if (sent)
                {
                    // Resting a moment lets documents gather: a writer that finds the sender resting enqueues
                    // without waking a thread, which is most of what an enqueue would otherwise cost the application.
                    hurry.Wait(BatchDelay);
                    continue;
                }

                // Nothing queued: sleep until something is, or until the queue is closed.
                var waiting = reader.WaitToReadAsync();
                if (!(waiting.IsCompleted ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult()))
                    return;
            }
        }
        finally
        {
            stopped.TrySetResult();
        }
    }

    private void Process(Work work)
    {
        if (work.Entity is { } entity)
        {
            try
            {
                if (work.Streamed)
                    Statistics.Streamed();
                if (work.Live)
                {
                    lock (entity.Sync)
                        Emit(entity, work.Streamed);
                }
                else
                {
                    Emit(entity, work.Streamed);
                }
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
            var connected = Connected();
            if (connected is null)
            {
                Failed(null);
                return;
            }

            connected.Send(datagram, SocketFlags.None);
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

    /// <summary>
    /// The socket, connected to the daemon once: a connected UDP socket sends without resolving or copying the
    /// address for every datagram. An unresolvable host is retried every few seconds, not on every datagram.
    /// </summary>
    private Socket? Connected()
    {
        if (socket is not null)
            return socket;
        var now = Environment.TickCount64;
        if (now < nextResolve)
            return null;
        try
        {
            var ip = IPAddress.TryParse(address.UdpHost, out var parsed) ? parsed : Dns.GetHostAddresses(address.UdpHost)[0];
            var connected = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                connected.Connect(new IPEndPoint(ip, address.UdpPort));
            }
            catch
            {
                connected.Dispose();
                throw;
            }

            socket = connected;
        }
        catch (Exception ex) when (ex is SocketException or IndexOutOfRangeException or ArgumentException)
        {
            nextResolve = now + 5_000;
            logger.LogWarning(ex, "X-Ray daemon host {Host} could not be resolved.", address.UdpHost);
        }

        return socket;
    }

    private void Failed(Exception? ex)
    {
        var failures = Statistics.SendFailed();
        if (IsWorthLogging(failures))
            logger.LogWarning(ex, "X-Ray datagram to {Address} was not delivered ({Failures} so far). Is the daemon running?", address, failures);
    }

    // The first occurrence and every thousandth after it: visible without flooding the log.
    private static bool IsWorthLogging(long count) => count == 1 || count % 1000 == 0;

    private readonly record struct Work(Entity? Entity, bool Streamed, bool Live, TaskCompletionSource? Flushed);
}
