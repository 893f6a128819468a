using System.Text.Json;

namespace XRay.Data;

/// <summary>
/// What segments and subsegments share: name, ids, timing, error flags, annotations, metadata, the <c>http</c>,
/// <c>sql</c> and <c>aws</c> blocks, a cause and nested subsegments. Safe to use from parallel tasks; changes
/// made after an entity has ended are ignored, because it may already be on its way to the daemon.
/// </summary>
public abstract class Entity : IDisposable
{
    /// <summary>The longest annotation string value kept.</summary>
    public const int MaxAnnotationValueLength = 1000;

    private List<Subsegment>? subsegments;
    private EntityDetails? details;
    private long endMicroseconds;
    private Entity? previous;
    private bool madeCurrent;
    private string? @namespace;
    private SqlData? sql;
    private bool error;
    private bool throttle;
    private bool fault;

    private protected Entity(string name, EntityId id, bool sampled, long startMicroseconds)
    {
        Name = name;
        Id = id;
        Sampled = sampled;
        StartMicroseconds = startMicroseconds;
    }

    /// <summary>The name shown on the service map, cleaned to X-Ray's character set and length.</summary>
    public string Name { get; }

    /// <summary>The entity's id.</summary>
    public EntityId Id { get; }

    /// <summary>The id of the trace this entity belongs to.</summary>
    public abstract TraceId TraceId { get; }

    /// <summary>False when the trace is not recorded: every change is then ignored at no cost.</summary>
    public bool Sampled { get; }

    /// <summary>The start, in seconds since the Unix epoch.</summary>
    public double StartTime => StartMicroseconds / 1e6;

    /// <summary>The end, in seconds since the Unix epoch, or null while in progress.</summary>
    public double? EndTime => InProgress ? null : EndMicroseconds / 1e6;

    /// <summary>True until <see cref="End"/> or <see cref="Dispose()"/>.</summary>
    public bool InProgress => Volatile.Read(ref endMicroseconds) == 0;

    /// <summary>
    /// The header to send downstream so that the callee joins this trace under this entity, with the keys of the
    /// incoming header this library does not interpret (such as <c>Lineage</c>).
    /// </summary>
    public virtual TraceHeader? TraceHeader
        => new(TraceId, Id, Sampled ? SamplingDecision.Sampled : SamplingDecision.NotSampled, RootSegment?.IncomingExtra);

    /// <summary><c>remote</c> for database and HTTP calls, <c>aws</c> for AWS SDK calls.</summary>
    public string? Namespace
    {
        get => @namespace;
        set => Mutate(value, static (e, v) => e.@namespace = v);
    }

    /// <summary>A client error (4xx).</summary>
    public bool Error
    {
        get => error;
        set => Mutate(value, static (e, v) => e.error = v);
    }

    /// <summary>Throttled by the downstream service (429).</summary>
    public bool Throttle
    {
        get => throttle;
        set => Mutate(value, static (e, v) => e.throttle = v);
    }

    /// <summary>A server error (5xx) or a failed call.</summary>
    public bool Fault
    {
        get => fault;
        set => Mutate(value, static (e, v) => e.fault = v);
    }

    /// <summary>The <c>http</c> block.</summary>
    public HttpData? Http
    {
        get => details?.Http;
        set => Mutate(value, static (e, v) => e.Details.Http = v);
    }

    /// <summary>The <c>sql</c> block.</summary>
    public SqlData? Sql
    {
        get => sql;
        set => Mutate(value, static (e, v) => e.sql = v);
    }

    /// <summary>The recorded exceptions, when any.</summary>
    public Cause? Cause => details?.Cause;

    internal long StartMicroseconds { get; }

    internal long EndMicroseconds => Volatile.Read(ref endMicroseconds);

    /// <summary>The trace's root segment; null only for the shared no-op subsegment.</summary>
    internal abstract Segment? RootSegment { get; }

    internal List<Subsegment>? Children => subsegments;

    internal List<KeyValuePair<string, AnnotationValue>>? Annotations => details?.Annotations;

    internal List<MetadataEntry>? Metadata => details?.Metadata;

    internal List<MetadataEntry>? Aws => details?.Aws;

    /// <summary>What few entities carry, created on first use; called under the trace's lock.</summary>
    private EntityDetails Details => details ??= new EntityDetails();

    /// <summary>Adds a string annotation, indexed by X-Ray for filter expressions.</summary>
    public void AddAnnotation(string key, string value)
        => AddAnnotation(key, AnnotationValue.Of(value.Length > MaxAnnotationValueLength ? value[..MaxAnnotationValueLength] : value));

    /// <summary>Adds an integer annotation.</summary>
    public void AddAnnotation(string key, long value) => AddAnnotation(key, AnnotationValue.Of(value));

    /// <summary>Adds a floating-point annotation.</summary>
    public void AddAnnotation(string key, double value) => AddAnnotation(key, AnnotationValue.Of(value));

    /// <summary>Adds a boolean annotation.</summary>
    public void AddAnnotation(string key, bool value) => AddAnnotation(key, AnnotationValue.Of(value));

    /// <summary>
    /// Adds metadata: any JSON-serializable value, grouped by namespace. The value is captured now. Namespaces that
    /// begin with <c>AWS.</c> are reserved for AWS and ignored.
    /// </summary>
    public void AddMetadata(string key, object? value, string @namespace = "default")
    {
        if (!Sampled || string.IsNullOrEmpty(key) || string.IsNullOrEmpty(@namespace)
            || @namespace.StartsWith("AWS.", StringComparison.Ordinal))
            return;
        var entry = Capture(@namespace, key, value);
        lock (Sync)
        {
            if (InProgress)
                Upsert(Details.Metadata ??= [], entry);
        }
    }

    /// <summary>Adds a value to the <c>aws</c> block, such as <c>operation</c> or <c>region</c>.</summary>
    public void AddAws(string key, object? value)
    {
        if (!Sampled || string.IsNullOrEmpty(key))
            return;
        var entry = Capture(string.Empty, key, value);
        lock (Sync)
        {
            if (InProgress)
                Upsert(Details.Aws ??= [], entry);
        }
    }

    /// <summary>Records an exception in the <c>cause</c> and marks the entity as a fault.</summary>
    /// <param name="exception">The exception, with its inner exceptions.</param>
    /// <param name="remote">True when the exception came from a downstream service.</param>
    public void AddException(Exception exception, bool remote = false) => RecordException(exception, remote, markFault: true);

    /// <summary>
    /// Records an exception in the <c>cause</c> and marks the entity as a fault, with each message of the chain
    /// chosen by <paramref name="message"/> instead of <see cref="Exception.Message"/>: a redacted text, or null for
    /// none. A selector that throws records no message for that exception.
    /// </summary>
    /// <param name="exception">The exception, with its inner exceptions.</param>
    /// <param name="remote">True when the exception came from a downstream service.</param>
    /// <param name="message">The message to record for each exception of the chain; <see cref="Exception.Message"/> when null.</param>
    public void AddException(Exception exception, bool remote, Func<Exception, string?>? message)
        => RecordException(exception, remote, markFault: true, message);

    /// <summary>Ends the entity now; later calls do nothing.</summary>
    public void End()
    {
        var root = RootSegment;
        if (!Sampled || root is null)
        {
            EndUnsampled();
            return;
        }

        // One lock for the end time and the trace's bookkeeping: ending is on every command's path.
        Segment.EndBooking booking;
        lock (root.SyncRoot)
        {
            if (!InProgress)
                return;
            Volatile.Write(ref endMicroseconds, Math.Max(Clock.NowMicroseconds, StartMicroseconds + 1));
            booking = root.BookEnd(this as Subsegment);
        }

        root.Dispatch(booking, this as Subsegment);
    }

    /// <summary>Ends the entity and, when it was made current, makes the previous entity current again.</summary>
    public void Dispose()
    {
        End();
        if (!madeCurrent)
            return;
        if (ReferenceEquals(TraceContext.Current, this))
            TraceContext.Current = previous;
        // A disposed entity must not keep the one before it alive: entity after entity would form a chain.
        previous = null;
        madeCurrent = false;
    }

    internal Lock Sync => RootSegment?.SyncRoot ?? Segment.UnusedLock;

    internal void RecordException(Exception exception, bool remote, bool markFault, Func<Exception, string?>? message = null)
    {
        if (!Sampled || exception is null)
            return;
        lock (Sync)
        {
            if (!InProgress)
                return;
            if (markFault)
                fault = true;
            var cause = details?.Cause;
            if (cause?.Find(exception) is not null)
                return;

            var reference = FindInChildren(exception);
            if (reference is { } id && cause is null)
            {
                cause = Details.Cause = new Cause();
                cause.SetReference(id);
                return;
            }

            cause ??= Details.Cause = new Cause();
            cause.Add(exception, remote, message);
        }
    }

    /// <summary>
    /// Sets the namespace and <c>sql</c> block of an entity just started and not yet handed to anyone, without the
    /// lock the public setters take: the path of every database command.
    /// </summary>
    internal void InitializeRemote(SqlData sql)
    {
        @namespace = "remote";
        this.sql = sql;
    }

    internal void MakeCurrent()
    {
        previous = TraceContext.Current;
        madeCurrent = true;
        TraceContext.Current = this;
    }

    /// <summary>Adds a child under the trace's lock; null when the trace has already been sent.</summary>
    internal Subsegment? StartChild(string name) => StartChild(name, Clock.NowMicroseconds);

    /// <summary>Adds a child that began at <paramref name="startMicroseconds"/>, such as a failure noticed only at its end.</summary>
    internal Subsegment? StartChild(string name, long startMicroseconds)
    {
        var root = RootSegment;
        if (root is null || !Sampled)
            return null;
        var child = new Subsegment(name, root, this, startMicroseconds);
        lock (root.SyncRoot)
        {
            if (root.Emitted)
                return null;
            (subsegments ??= []).Add(child);
            root.OpenEntities++;
            root.SubsegmentCount++;
        }

        return child;
    }

    /// <summary>Removes a finished child that is being sent on its own; called under the trace's lock.</summary>
    internal void DetachChild(Subsegment child)
    {
        // The child that just ended is usually the newest: search from the end.
        var index = subsegments?.LastIndexOf(child) ?? -1;
        if (index >= 0)
            subsegments!.RemoveAt(index);
    }

    /// <summary>Unsampled entities keep no state; only their end time is noted for callers that ask.</summary>
    private protected virtual void EndUnsampled()
    {
    }

    private protected void SetEndForUnsampled()
    {
        if (Volatile.Read(ref endMicroseconds) == 0)
            Volatile.Write(ref endMicroseconds, Math.Max(Clock.NowMicroseconds, StartMicroseconds + 1));
    }

    private EntityId? FindInChildren(Exception exception)
    {
        if (subsegments is null)
            return null;
        foreach (var child in subsegments)
        {
            if (child.Cause?.Find(exception) is { } found)
                return found.Id;
        }

        return null;
    }

    private void AddAnnotation(string key, AnnotationValue value)
    {
        if (!Sampled || key is null)
            return;
        key = XRayNames.CleanAnnotationKey(key);
        lock (Sync)
        {
            if (!InProgress)
                return;
            var annotations = Details.Annotations ??= [];
            for (var i = 0; i < annotations.Count; i++)
            {
                if (annotations[i].Key == key)
                {
                    annotations[i] = new(key, value);
                    return;
                }
            }

            annotations.Add(new(key, value));
        }
    }

    private void Mutate<T>(T value, Action<Entity, T> set)
    {
        if (!Sampled)
            return;
        lock (Sync)
        {
            if (InProgress)
                set(this, value);
        }
    }

    private static void Upsert(List<MetadataEntry> entries, MetadataEntry entry)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Namespace == entry.Namespace && entries[i].Key == entry.Key)
            {
                entries[i] = entry;
                return;
            }
        }

        entries.Add(entry);
    }

    private static MetadataEntry Capture(string @namespace, string key, object? value)
    {
        switch (value)
        {
            case null or string or bool or long or double:
                return new MetadataEntry(@namespace, key, value, null);
            case int or short or byte or sbyte or ushort or uint:
                return new MetadataEntry(@namespace, key, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), null);
            case float f:
                return new MetadataEntry(@namespace, key, (double)f, null);
        }

        try
        {
            return new MetadataEntry(@namespace, key, null, JsonSerializer.SerializeToUtf8Bytes(value, value.GetType()));
        }
#pragma warning disable CA1031 // A value that cannot be serialized must not fail the caller; its type is recorded instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new MetadataEntry(@namespace, key, $"<{value.GetType().FullName} could not be serialized: {ex.Message}>", null);
        }
    }
}
