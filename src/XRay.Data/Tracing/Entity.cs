namespace XRay.Data;

/// <summary>
/// What segments and subsegments share: name, ids, timing, error flags, annotations, metadata, the <c>http</c>,
/// <c>sql</c> and <c>aws</c> blocks, a cause and nested subsegments. Safe to use from parallel tasks; changes
/// made after an entity has ended are ignored, because it may already be on its way to the daemon. A value the X-Ray
/// API or the CloudWatch agent would refuse (and with it the whole document) is cleaned or refused when it is
/// recorded, with one log line per kind of problem.
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
    private EntityNamespace @namespace;
    private SqlData? sql;
    private bool sqlShared;
    private bool error;
    private bool throttle;
    private bool fault;
    private bool sent;

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

    /// <summary>
    /// <c>remote</c> for database and HTTP calls, <c>aws</c> for AWS SDK calls; the only two values X-Ray knows, so
    /// any other is refused (the namespace stays as it was) and logged.
    /// </summary>
    public string? Namespace
    {
        get => @namespace switch
        {
            EntityNamespace.Remote => "remote",
            EntityNamespace.Aws => "aws",
            _ => null,
        };
        set
        {
            if (!Sampled)
                return;
            if (value is not (null or "remote" or "aws"))
            {
                Refuse(RefusedInput.Namespace, $"namespace '{value}' is neither \"remote\" nor \"aws\"; it was not set");
                return;
            }

            Mutate(value, static (e, v) => e.@namespace = v switch
            {
                "remote" => EntityNamespace.Remote,
                "aws" => EntityNamespace.Aws,
                _ => EntityNamespace.None,
            });
        }
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

    /// <summary>
    /// The <c>sql</c> block. A database call's block starts out shared with the data source's other calls of the same
    /// query; reading it here gives this entity a copy of its own first, so a change made through it stays here.
    /// </summary>
    public SqlData? Sql
    {
        get => OwnSql();
        set
        {
            if (!Sampled)
                return;
            RefuseUrlOf(value);
            Mutate(value, static (e, v) => (e.sql, e.sqlShared) = (v, false));
        }
    }

    /// <summary>The recorded exceptions, when any.</summary>
    public Cause? Cause => details?.Cause;

    internal long StartMicroseconds { get; }

    internal long EndMicroseconds => Volatile.Read(ref endMicroseconds);

    /// <summary>The trace's root segment; null only for the shared no-op subsegment.</summary>
    internal abstract Segment? RootSegment { get; }

    internal List<Subsegment>? Children => subsegments;

    internal List<KeyValuePair<string, RecordedValue>>? Annotations => details?.Annotations;

    /// <summary>The metadata added to the entity and what its database call contributes.</summary>
    internal EntityMetadata Metadata => new(details?.Metadata, sql?.QuerySummary, RowsAffected, RowsRead);

    /// <summary>The <c>sql</c> block as it is, shared or not: for reading it without taking a copy.</summary>
    internal SqlData? SqlBlock => sql;

    /// <summary>Rows the database call inserted, updated or deleted; -1 when unknown. Shown as <c>sql</c> metadata.</summary>
    // Kept on the entity rather than in the sql block, which calls share, or as a metadata entry, which would allocate.
    internal long RowsAffected { get; set; } = -1;

    /// <summary>Rows the database call read from a data reader; -1 when unknown. Shown as <c>sql</c> metadata.</summary>
    internal long RowsRead { get; set; } = -1;

    internal List<KeyValuePair<string, RecordedValue>>? Aws => details?.Aws;

    /// <summary>
    /// Set once the entity has ended and its document (or an ancestor's) has been handed to the emitter: nothing can
    /// be added under it any more. Guarded by the trace's lock.
    /// </summary>
    internal bool Sent
    {
        get => sent;
        set => sent = value;
    }

    /// <summary>What few entities carry, created on first use; called under the trace's lock.</summary>
    private EntityDetails Details => details ??= new EntityDetails();

    /// <summary>
    /// Adds a string annotation, indexed by X-Ray for filter expressions. A key keeps ASCII letters, digits and
    /// <c>_</c> (others become <c>_</c>); a value longer than <see cref="MaxAnnotationValueLength"/> is cut short.
    /// </summary>
    public void AddAnnotation(string key, string value)
    {
        if (!Sampled)
            return;
        if (value is null)
        {
            Refuse(RefusedInput.AnnotationValue, $"annotation '{key}' has a null value; it was not recorded");
            return;
        }

        AddAnnotation(key, RecordedValue.Of(Truncation.Cut(value, MaxAnnotationValueLength)));
    }

    /// <summary>Adds an integer annotation.</summary>
    public void AddAnnotation(string key, long value) => AddAnnotation(key, RecordedValue.Of(value));

    /// <summary>Adds a floating-point annotation; NaN and the infinities, which JSON cannot hold, are recorded as text.</summary>
    public void AddAnnotation(string key, double value)
    {
        if (!Sampled)
            return;
        var recorded = RecordedValue.Of(value, out var cleaned);
        if (cleaned is not null)
            Refuse(RefusedInput.AnnotationValue, $"annotation '{key}': {cleaned}");
        AddAnnotation(key, recorded);
    }

    /// <summary>Adds a boolean annotation.</summary>
    public void AddAnnotation(string key, bool value) => AddAnnotation(key, RecordedValue.Of(value));

    /// <summary>
    /// Adds metadata: any JSON-serializable value, grouped by namespace. The value is captured now; NaN and the
    /// infinities are recorded as text, a value that cannot be serialized as a note naming its type. Namespaces that
    /// begin with <c>AWS.</c> are reserved for AWS and refused.
    /// </summary>
    public void AddMetadata(string key, object? value, string @namespace = "default")
    {
        if (!Sampled || string.IsNullOrEmpty(key) || string.IsNullOrEmpty(@namespace))
            return;
        if (@namespace.StartsWith("AWS.", StringComparison.Ordinal))
        {
            Refuse(RefusedInput.MetadataNamespace, $"metadata namespace '{@namespace}' is reserved for AWS; '{key}' was not recorded");
            return;
        }

        var entry = new MetadataEntry(@namespace, key, RecordedValue.Capture(value, out var cleaned));
        if (cleaned is not null)
            Refuse(RefusedInput.MetadataValue, $"metadata '{@namespace}.{key}': {cleaned}");
        lock (Sync)
        {
            if (!InProgress)
                return;
            var metadata = Details.Metadata ??= [];
            var index = metadata.FindIndex(e => e.Namespace == entry.Namespace && e.Key == entry.Key);
            if (index >= 0)
                metadata[index] = entry;
            else
                metadata.Add(entry);
        }
    }

    /// <summary>
    /// Adds a value to the <c>aws</c> block, such as <c>operation</c> or <c>region</c>. The members X-Ray types are
    /// held to their types: <c>account_id</c>, <c>operation</c>, <c>region</c>, <c>request_id</c>, <c>queue_url</c>
    /// and <c>table_name</c> are strings (a number is recorded as its text), <c>table_names</c> and
    /// <c>resource_names</c> lists of strings, <c>retries</c> an integer, and <c>xray</c>, <c>ecs</c>, <c>ec2</c>,
    /// <c>eks</c>, <c>elastic_beanstalk</c> objects; a value that cannot be made to fit is refused and logged.
    /// </summary>
    public void AddAws(string key, object? value)
    {
        if (!Sampled || string.IsNullOrEmpty(key))
            return;
        var kept = AwsFields.TryCapture(key, value, out var recorded, out var problem);
        if (problem is not null)
            Refuse(RefusedInput.AwsMember, problem);
        if (!kept)
            return;
        lock (Sync)
        {
            if (InProgress)
                Upsert(Details.Aws ??= [], key, recorded);
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
        Segment.Delivery delivery;
        lock (root.SyncRoot)
        {
            if (!InProgress)
                return;
            Volatile.Write(ref endMicroseconds, Math.Max(Clock.NowMicroseconds, StartMicroseconds + 1));
            delivery = root.DecideDelivery(this);
        }

        root.Deliver(delivery, this);
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
    /// Sets the <c>sql</c> block, and the <c>remote</c> namespace that goes with it, on an entity just started and not
    /// yet handed to anyone, without the lock the public setters take: the path of every database command. A
    /// <paramref name="shared"/> block is copied before anything changes it through this entity.
    /// </summary>
    internal void InitializeSql(SqlData sql, bool shared)
    {
        RefuseUrlOf(sql);
        @namespace = EntityNamespace.Remote;
        this.sql = sql;
        sqlShared = shared;
    }

    /// <summary>The <c>sql</c> block of this entity alone: a block shared with other calls is copied first.</summary>
    internal SqlData? OwnSql()
    {
        if (!sqlShared)
            return sql;
        lock (Sync)
        {
            if (sqlShared)
                (sql, sqlShared) = (sql!.Copy(), false);
            return sql;
        }
    }

    internal void MakeCurrent()
    {
        previous = TraceContext.Current;
        madeCurrent = true;
        TraceContext.Current = this;
    }

    /// <summary>
    /// Adds a child under the trace's lock; null once this entity has been sent, since nothing can be added to a
    /// document already on its way.
    /// </summary>
    /// <param name="name">An already clean name (<see cref="XRayNames.CleanName"/>).</param>
    internal Subsegment? StartChild(string name) => StartChild(name, Clock.NowMicroseconds);

    /// <summary>Adds a child that began at <paramref name="startMicroseconds"/>, such as a failure noticed only at its end.</summary>
    /// <param name="name">An already clean name (<see cref="XRayNames.CleanName"/>).</param>
    /// <param name="startMicroseconds">When the child began.</param>
    internal Subsegment? StartChild(string name, long startMicroseconds)
    {
        var root = RootSegment;
        if (root is null || !Sampled)
            return null;
        var child = new Subsegment(name, root, this, startMicroseconds);
        lock (root.SyncRoot)
        {
            if (sent)
                return null;
            (subsegments ??= []).Add(child);
            root.ChildStarted();
        }

        return child;
    }

    /// <summary>Forgets the entity that was current before this one, so that it can be collected.</summary>
    internal void ForgetPrevious() => previous = null;

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

    private void AddAnnotation(string key, RecordedValue value)
    {
        if (!Sampled || key is null)
            return;
        var cleaned = XRayNames.CleanAnnotationKey(key);
        if (!ReferenceEquals(cleaned, key))
            Refuse(RefusedInput.AnnotationKey, $"annotation key '{key}' may hold only ASCII letters, digits and _ (at most {XRayNames.MaxAnnotationKeyLength}); it was recorded as '{cleaned}'");
        key = cleaned;
        lock (Sync)
        {
            if (InProgress)
                Upsert(Details.Annotations ??= [], key, value);
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

    private static void Upsert(List<KeyValuePair<string, RecordedValue>> entries, string key, RecordedValue value)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key == key)
            {
                entries[i] = new(key, value);
                return;
            }
        }

        entries.Add(new(key, value));
    }

    private void Refuse(RefusedInput kind, string detail) => RootSegment?.Recorder.Refused(kind, detail);

    private void RefuseUrlOf(SqlData? sql)
    {
        if (sql is { UrlRefused: true })
            Refuse(RefusedInput.SqlUrl, "sql.url must be scheme://host[:port]/database for the CloudWatch agent to read it; a URL without a database path was not kept");
    }
}
