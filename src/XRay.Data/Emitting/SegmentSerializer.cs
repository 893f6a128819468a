using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace XRay.Data;

/// <summary>
/// Writes entities as X-Ray segment documents, prefixed by the daemon's datagram header, into one reused buffer.
/// Not thread-safe: the emitter's single sender owns one instance.
/// </summary>
internal sealed class SegmentSerializer
{
    /// <summary>The line every datagram starts with.</summary>
    public static ReadOnlySpan<byte> Header => "{\"format\":\"json\",\"version\":1}\n"u8;

    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("trace_id");
    private static readonly JsonEncodedText ParentId = JsonEncodedText.Encode("parent_id");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText SubsegmentType = JsonEncodedText.Encode("subsegment");
    private static readonly JsonEncodedText StartTime = JsonEncodedText.Encode("start_time");
    private static readonly JsonEncodedText EndTime = JsonEncodedText.Encode("end_time");
    private static readonly JsonEncodedText InProgress = JsonEncodedText.Encode("in_progress");
    private static readonly JsonEncodedText Namespace = JsonEncodedText.Encode("namespace");
    private static readonly JsonEncodedText User = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText Origin = JsonEncodedText.Encode("origin");
    private static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText Throttle = JsonEncodedText.Encode("throttle");
    private static readonly JsonEncodedText Fault = JsonEncodedText.Encode("fault");
    private static readonly JsonEncodedText Http = JsonEncodedText.Encode("http");
    private static readonly JsonEncodedText Request = JsonEncodedText.Encode("request");
    private static readonly JsonEncodedText Response = JsonEncodedText.Encode("response");
    private static readonly JsonEncodedText Method = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText UserAgent = JsonEncodedText.Encode("user_agent");
    private static readonly JsonEncodedText ClientIp = JsonEncodedText.Encode("client_ip");
    private static readonly JsonEncodedText XForwardedFor = JsonEncodedText.Encode("x_forwarded_for");
    private static readonly JsonEncodedText Traced = JsonEncodedText.Encode("traced");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText ContentLength = JsonEncodedText.Encode("content_length");
    private static readonly JsonEncodedText Sql = JsonEncodedText.Encode("sql");
    private static readonly JsonEncodedText ConnectionString = JsonEncodedText.Encode("connection_string");
    private static readonly JsonEncodedText SanitizedQuery = JsonEncodedText.Encode("sanitized_query");
    private static readonly JsonEncodedText DatabaseType = JsonEncodedText.Encode("database_type");
    private static readonly JsonEncodedText DatabaseVersion = JsonEncodedText.Encode("database_version");
    private static readonly JsonEncodedText DriverVersion = JsonEncodedText.Encode("driver_version");
    private static readonly JsonEncodedText Preparation = JsonEncodedText.Encode("preparation");
    private static readonly JsonEncodedText Aws = JsonEncodedText.Encode("aws");
    private static readonly JsonEncodedText Annotations = JsonEncodedText.Encode("annotations");
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText CauseName = JsonEncodedText.Encode("cause");
    private static readonly JsonEncodedText WorkingDirectory = JsonEncodedText.Encode("working_directory");
    private static readonly JsonEncodedText Exceptions = JsonEncodedText.Encode("exceptions");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Remote = JsonEncodedText.Encode("remote");
    private static readonly JsonEncodedText Stack = JsonEncodedText.Encode("stack");
    private static readonly JsonEncodedText Path = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText Line = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText Truncated = JsonEncodedText.Encode("truncated");
    private static readonly JsonEncodedText Skipped = JsonEncodedText.Encode("skipped");
    private static readonly JsonEncodedText Subsegments = JsonEncodedText.Encode("subsegments");

    private readonly ArrayBufferWriter<byte> buffer = new(16 * 1024);
    private readonly Utf8JsonWriter writer;
    private DocumentLimits limits = DocumentLimits.None;
    private IReadOnlySet<Entity>? separate;

    public SegmentSerializer()
    {
        // The daemon reads plain UTF-8 JSON; escaping every non-ASCII character would only make documents larger.
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    /// <summary>
    /// Writes the datagram for an entity: the header line and the document. A streamed subsegment carries
    /// <c>type</c>, <c>trace_id</c> and <c>parent_id</c> so the daemon can join it to its parent; an entity still open
    /// is written <c>in_progress</c>. The entities are only read.
    /// </summary>
    /// <param name="entity">The entity, with its subsegments.</param>
    /// <param name="streamed">True for a subsegment sent on its own.</param>
    /// <param name="limits">How long fields may be; <see cref="DocumentLimits.None"/> when null.</param>
    /// <param name="separate">Subsegments left out because they are sent on their own.</param>
    /// <returns>The datagram, valid until the next call.</returns>
    public ReadOnlyMemory<byte> Serialize(Entity entity, bool streamed, DocumentLimits? limits = null, IReadOnlySet<Entity>? separate = null)
    {
        this.limits = limits ?? DocumentLimits.None;
        this.separate = separate;
        buffer.ResetWrittenCount();
        buffer.Write(Header);
        writer.Reset(buffer);
        WriteEntity(entity, streamed ? entity as Subsegment : null);
        writer.Flush();
        return buffer.WrittenMemory;
    }

    private void WriteEntity(Entity entity, Subsegment? streamed)
    {
        writer.WriteStartObject();
        writer.WriteString(Name, entity.Name);
        WriteId(Id, entity.Id);
        if (entity is Segment segment)
        {
            WriteTraceId(segment.TraceId);
            if (segment.ParentId is { } parent)
                WriteId(ParentId, parent);
        }
        else if (streamed is not null)
        {
            writer.WriteString(Type, SubsegmentType);
            WriteTraceId(streamed.TraceId);
            if (streamed.Parent is { } parent)
                WriteId(ParentId, parent.Id);
        }

        WriteTime(StartTime, entity.StartMicroseconds);
        if (entity.InProgress)
            writer.WriteBoolean(InProgress, true);
        else
            WriteTime(EndTime, entity.EndMicroseconds);

        if (entity.Namespace is { } ns)
            writer.WriteString(Namespace, ns);
        if (entity is Segment root)
        {
            WriteText(User, root.User, limits.Text);
            WriteText(Origin, root.Origin, limits.Text);
            if (root.ServiceVersion is not null)
            {
                writer.WriteStartObject(Service);
                WriteText(Version, root.ServiceVersion, limits.Text);
                writer.WriteEndObject();
            }
        }

        if (entity.Error)
            writer.WriteBoolean(Error, true);
        if (entity.Throttle)
            writer.WriteBoolean(Throttle, true);
        if (entity.Fault)
            writer.WriteBoolean(Fault, true);

        if (entity.Http is { } http)
            WriteHttp(http);
        if (entity.SqlBlock is { } sql)
            WriteSql(sql);
        if (entity.Aws is { Count: > 0 } aws)
        {
            writer.WriteStartObject(Aws);
            foreach (var (key, value) in aws)
                WriteValue(key, value, limits.Text);
            writer.WriteEndObject();
        }

        if (entity.Annotations is { Count: > 0 } annotations)
        {
            writer.WriteStartObject(Annotations);
            foreach (var (key, value) in annotations)
                WriteValue(key, value, limits.Text);
            writer.WriteEndObject();
        }

        var metadata = entity.Metadata;
        if (metadata.Count > 0)
            WriteMetadata(metadata);
        if (entity.Cause is { } cause)
            WriteCause(cause);

        if (entity.Children is { Count: > 0 } children && HasChildrenToWrite(children))
        {
            writer.WriteStartArray(Subsegments);
            foreach (var child in children)
            {
                if (separate?.Contains(child) != true)
                    WriteEntity(child, streamed: null);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private bool HasChildrenToWrite(List<Subsegment> children)
    {
        if (separate is null)
            return true;
        foreach (var child in children)
        {
            if (!separate.Contains(child))
                return true;
        }

        return false;
    }

    private void WriteHttp(HttpData http)
    {
        writer.WriteStartObject(Http);
        if (http.Method is not null || http.Url is not null || http.UserAgent is not null || http.ClientIp is not null || http.XForwardedFor || http.Traced)
        {
            writer.WriteStartObject(Request);
            WriteText(Method, http.Method, limits.Text);
            WriteText(Url, http.Url, limits.Text);
            WriteText(UserAgent, http.UserAgent, limits.Text);
            WriteText(ClientIp, http.ClientIp, limits.Text);
            if (http.XForwardedFor)
                writer.WriteBoolean(XForwardedFor, true);
            if (http.Traced)
                writer.WriteBoolean(Traced, true);
            writer.WriteEndObject();
        }

        if (http.Status is not null || http.ContentLength is not null)
        {
            writer.WriteStartObject(Response);
            if (http.Status is { } status)
                writer.WriteNumber(Status, status);
            if (http.ContentLength is { } length)
                writer.WriteNumber(ContentLength, length);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private void WriteSql(SqlData sql)
    {
        writer.WriteStartObject(Sql);
        WriteText(Url, sql.Url, limits.Text);
        WriteText(ConnectionString, sql.ConnectionString, limits.Text);
        WriteText(SanitizedQuery, sql.SanitizedQuery, Math.Min(limits.Query, limits.Text));
        WriteText(DatabaseType, sql.DatabaseType, limits.Text);
        WriteText(DatabaseVersion, sql.DatabaseVersion, limits.Text);
        WriteText(DriverVersion, sql.DriverVersion, limits.Text);
        WriteText(User, sql.User, limits.Text);
        WriteText(Preparation, sql.Preparation, limits.Text);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes each namespace once, with its entries in the order they came; when two entries of a namespace share a
    /// key (one added, one from the <c>sql</c> block), the later one is written.
    /// </summary>
    private void WriteMetadata(EntityMetadata metadata)
    {
        writer.WriteStartObject(Metadata);
        for (var i = 0; i < metadata.Count; i++)
        {
            var ns = metadata[i].Namespace;
            if (Appears(metadata, ns, key: null, from: 0, to: i))
                continue;
            writer.WriteStartObject(ns);
            for (var j = i; j < metadata.Count; j++)
            {
                var entry = metadata[j];
                if (entry.Namespace == ns && !Appears(metadata, ns, entry.Key, from: j + 1, to: metadata.Count))
                    WriteValue(entry.Key, entry.Value, limits.Metadata);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static bool Appears(EntityMetadata metadata, string ns, string? key, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            var entry = metadata[k];
            if (entry.Namespace == ns && (key is null || entry.Key == key))
                return true;
        }

        return false;
    }

    private void WriteValue(string key, RecordedValue value, int maxLength)
    {
        switch (value.Kind)
        {
            case RecordedValueKind.String:
                WriteText(key, value.Text, maxLength);
                break;
            case RecordedValueKind.Integer:
                writer.WriteNumber(key, value.Integer);
                break;
            case RecordedValueKind.Floating:
                writer.WriteNumber(key, value.Floating);
                break;
            case RecordedValueKind.Boolean:
                writer.WriteBoolean(key, value.Boolean);
                break;
            case RecordedValueKind.Json when value.Json.Length <= maxLength:
                writer.WritePropertyName(key);
                writer.WriteRawValue(value.Json, skipInputValidation: true);
                break;
            case RecordedValueKind.Json:
                // Cut JSON is not JSON: its beginning is kept as text.
                writer.WriteString(key, string.Concat(Utf8Prefix(value.Json, Math.Max(0, maxLength - Truncation.Marker.Length)), Truncation.Marker));
                break;
            default:
                writer.WriteNull(key);
                break;
        }
    }

    private void WriteCause(Cause cause)
    {
        if (cause.ReferenceId is { } reference)
        {
            WriteId(CauseName, reference);
            return;
        }

        writer.WriteStartObject(CauseName);
        WriteText(WorkingDirectory, cause.WorkingDirectory, limits.Cause);
        writer.WriteStartArray(Exceptions);
        foreach (var exception in cause.Exceptions)
        {
            writer.WriteStartObject();
            WriteId(Id, exception.Id);
            WriteText(Message, exception.Message, limits.Cause);
            writer.WriteString(Type, exception.Type);
            if (exception.Remote)
                writer.WriteBoolean(Remote, true);
            var frames = Math.Min(exception.Stack.Count, limits.StackFrames);
            if (frames > 0)
            {
                writer.WriteStartArray(Stack);
                for (var i = 0; i < frames; i++)
                {
                    var frame = exception.Stack[i];
                    writer.WriteStartObject();
                    WriteText(Path, frame.Path, limits.Cause);
                    if (frame.Line > 0)
                        writer.WriteNumber(Line, frame.Line);
                    WriteText(Label, frame.Label, limits.Cause);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            var truncated = exception.Truncated + exception.Stack.Count - frames;
            if (truncated > 0)
                writer.WriteNumber(Truncated, truncated);
            if (exception.Skipped > 0)
                writer.WriteNumber(Skipped, exception.Skipped);
            if (exception.Cause is { } inner)
                WriteId(CauseName, inner);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteText(JsonEncodedText name, string? value, int maxLength)
    {
        if (value is null)
            return;
        // The fused call is the common case: no truncation, one write.
        writer.WriteString(name, value.Length <= maxLength ? value : Truncation.Cut(value, maxLength));
    }

    private void WriteText(string name, string value, int maxLength)
        => writer.WriteString(name, value.Length <= maxLength ? value : Truncation.Cut(value, maxLength));

    /// <summary>The text of the first <paramref name="maxBytes"/> bytes of UTF-8 at most, never half a character.</summary>
    private static string Utf8Prefix(byte[] utf8, int maxBytes)
    {
        var take = Math.Min(utf8.Length, maxBytes);
        // A continuation byte (10xxxxxx) cannot start a character: step back to the start of the one it belongs to.
        while (take > 0 && take < utf8.Length && (utf8[take] & 0xC0) == 0x80)
            take--;
        return System.Text.Encoding.UTF8.GetString(utf8, 0, take);
    }

    private void WriteId(JsonEncodedText name, EntityId id)
    {
        Span<byte> text = stackalloc byte[16];
        id.TryFormat(text, out _);
        writer.WriteString(name, text);
    }

    private void WriteTraceId(TraceId id)
    {
        Span<byte> text = stackalloc byte[TraceId.Length];
        id.TryFormat(text, out _);
        writer.WriteString(TraceIdName, text);
    }

    private void WriteTime(JsonEncodedText name, long microseconds)
    {
        // Seconds with exactly six decimals: a double would lose the last digit for present-day epochs.
        Span<byte> text = stackalloc byte[32];
        var seconds = microseconds / 1_000_000;
        var fraction = microseconds % 1_000_000;
        seconds.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        text[written++] = (byte)'.';
        fraction.TryFormat(text[written..], out var more, "D6", CultureInfo.InvariantCulture);
        writer.WritePropertyName(name);
        writer.WriteRawValue(text[..(written + more)], skipInputValidation: true);
    }
}
