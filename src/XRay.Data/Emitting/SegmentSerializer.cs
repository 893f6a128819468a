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

    private const string TruncationMarker = "...(truncated)";

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
    private static readonly JsonEncodedText RowsAffected = JsonEncodedText.Encode("rows_affected");
    private static readonly JsonEncodedText RowsRead = JsonEncodedText.Encode("rows_read");

    private readonly ArrayBufferWriter<byte> buffer = new(16 * 1024);
    private readonly Utf8JsonWriter writer;
    private int stringLimit = int.MaxValue;

    public SegmentSerializer()
    {
        // The daemon reads plain UTF-8 JSON; escaping every non-ASCII character would only make documents larger.
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    /// <summary>
    /// Writes the datagram for an entity: the header line and the document. A streamed subsegment carries
    /// <c>type</c>, <c>trace_id</c> and <c>parent_id</c> so the daemon can join it to its parent.
    /// </summary>
    /// <param name="entity">The ended entity, with the subsegments still attached to it.</param>
    /// <param name="streamed">True for a subsegment sent on its own.</param>
    /// <param name="maxStringLength">Longer strings and metadata values are cut short with a marker.</param>
    /// <returns>The datagram, valid until the next call.</returns>
    public ReadOnlyMemory<byte> Serialize(Entity entity, bool streamed, int maxStringLength = int.MaxValue)
    {
        stringLimit = maxStringLength;
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
        WriteText(Name, entity.Name);
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

        WriteText(Namespace, entity.Namespace);
        if (entity is Segment root)
        {
            WriteText(User, root.User);
            WriteText(Origin, root.Origin);
            if (root.ServiceVersion is not null)
            {
                writer.WriteStartObject(Service);
                WriteText(Version, root.ServiceVersion);
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
        if (entity.Sql is { } sql)
            WriteSql(sql);
        if (entity.Aws is { Count: > 0 } aws)
        {
            writer.WriteStartObject(Aws);
            foreach (var entry in aws)
                WriteMetadataValue(entry);
            writer.WriteEndObject();
        }

        if (entity.Annotations is { Count: > 0 } annotations)
            WriteAnnotations(annotations);
        var rows = entity.Sql is { HasRows: true } sqlRows ? sqlRows : null;
        if (entity.Metadata is { Count: > 0 } || rows is not null)
            WriteMetadata(entity.Metadata, rows);
        if (entity.Cause is { } cause)
            WriteCause(cause);

        if (entity.Children is { Count: > 0 } children)
        {
            writer.WriteStartArray(Subsegments);
            foreach (var child in children)
                WriteEntity(child, streamed: null);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private void WriteHttp(HttpData http)
    {
        writer.WriteStartObject(Http);
        if (http.Method is not null || http.Url is not null || http.UserAgent is not null || http.ClientIp is not null || http.Traced)
        {
            writer.WriteStartObject(Request);
            WriteText(Method, http.Method);
            WriteText(Url, http.Url);
            WriteText(UserAgent, http.UserAgent);
            WriteText(ClientIp, http.ClientIp);
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
        WriteText(Url, sql.Url);
        WriteText(ConnectionString, sql.ConnectionString);
        WriteText(SanitizedQuery, sql.SanitizedQuery);
        WriteText(DatabaseType, sql.DatabaseType);
        WriteText(DatabaseVersion, sql.DatabaseVersion);
        WriteText(DriverVersion, sql.DriverVersion);
        WriteText(User, sql.User);
        WriteText(Preparation, sql.Preparation);
        writer.WriteEndObject();
    }

    private void WriteAnnotations(List<KeyValuePair<string, AnnotationValue>> annotations)
    {
        writer.WriteStartObject(Annotations);
        foreach (var (key, value) in annotations)
        {
            switch (value.Kind)
            {
                case AnnotationKind.String:
                    writer.WritePropertyName(key);
                    WriteTextValue(value.Text!);
                    break;
                case AnnotationKind.Integer:
                    writer.WriteNumber(key, value.Integer);
                    break;
                case AnnotationKind.Floating when double.IsFinite(value.Floating):
                    writer.WriteNumber(key, value.Floating);
                    break;
                case AnnotationKind.Floating:
                    // JSON has no NaN or infinity; the text keeps the value visible.
                    writer.WriteString(key, value.Floating.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    writer.WriteBoolean(key, value.Integer != 0);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    private void WriteMetadata(List<MetadataEntry>? metadata, SqlData? rows)
    {
        writer.WriteStartObject(Metadata);
        var rowsWritten = false;
        for (var i = 0; metadata is not null && i < metadata.Count; i++)
        {
            var ns = metadata[i].Namespace;
            if (SeenBefore(metadata, i, ns))
                continue;
            writer.WriteStartObject(ns);
            for (var j = i; j < metadata.Count; j++)
            {
                if (metadata[j].Namespace == ns)
                    WriteMetadataValue(metadata[j]);
            }

            if (rows is not null && ns == "sql")
            {
                WriteRows(rows);
                rowsWritten = true;
            }

            writer.WriteEndObject();
        }

        if (rows is not null && !rowsWritten)
        {
            writer.WriteStartObject(Sql);
            WriteRows(rows);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private void WriteRows(SqlData rows)
    {
        if (rows.RowsAffected >= 0)
            writer.WriteNumber(RowsAffected, rows.RowsAffected);
        if (rows.RowsRead >= 0)
            writer.WriteNumber(RowsRead, rows.RowsRead);
    }

    private static bool SeenBefore(List<MetadataEntry> metadata, int index, string ns)
    {
        for (var k = 0; k < index; k++)
        {
            if (metadata[k].Namespace == ns)
                return true;
        }

        return false;
    }

    private void WriteMetadataValue(MetadataEntry entry)
    {
        writer.WritePropertyName(entry.Key);
        if (entry.Json is { } json)
        {
            if (json.Length > stringLimit)
                writer.WriteStringValue($"<{json.Length} bytes of JSON truncated>");
            else
                writer.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        switch (entry.Value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                WriteTextValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long integer:
                writer.WriteNumberValue(integer);
                break;
            case double floating when double.IsFinite(floating):
                writer.WriteNumberValue(floating);
                break;
            case double floating:
                writer.WriteStringValue(floating.ToString(CultureInfo.InvariantCulture));
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
        WriteText(WorkingDirectory, cause.WorkingDirectory);
        writer.WriteStartArray(Exceptions);
        foreach (var exception in cause.Exceptions)
        {
            writer.WriteStartObject();
            WriteId(Id, exception.Id);
            WriteText(Message, exception.Message);
            WriteText(Type, exception.Type);
            if (exception.Remote)
                writer.WriteBoolean(Remote, true);
            if (exception.Stack.Count > 0)
            {
                writer.WriteStartArray(Stack);
                foreach (var frame in exception.Stack)
                {
                    writer.WriteStartObject();
                    WriteText(Path, frame.Path);
                    if (frame.Line > 0)
                        writer.WriteNumber(Line, frame.Line);
                    WriteText(Label, frame.Label);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (exception.Truncated)
            {
                writer.WriteBoolean(Truncated, true);
                writer.WriteNumber(Skipped, exception.Skipped);
            }

            if (exception.Cause is { } inner)
                WriteId(CauseName, inner);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteText(JsonEncodedText name, string? value)
    {
        if (value is null)
            return;
        if (value.Length <= stringLimit)
        {
            // The fused call is the common case: no truncation, one write.
            writer.WriteString(name, value);
            return;
        }

        writer.WritePropertyName(name);
        WriteTextValue(value);
    }

    private void WriteTextValue(string value)
    {
        if (value.Length <= stringLimit)
        {
            writer.WriteStringValue(value);
            return;
        }

        var keep = Math.Max(0, stringLimit - TruncationMarker.Length);
        // Never split a surrogate pair: half a character is not valid UTF-8.
        if (keep > 0 && char.IsHighSurrogate(value[keep - 1]))
            keep--;
        writer.WriteStringValue(string.Concat(value.AsSpan(0, keep), TruncationMarker));
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
