using System.Data;
using System.Data.Common;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

internal static partial class Probes
{
    public static async Task Reader_reads_rows_and_results(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1 AS id, 'a' AS name UNION SELECT 2, 'b' ORDER BY 1; SELECT 3; SELECT 4 WHERE 1 = 0;");
        p.Log.Get("Depth", () => reader.Depth);
        p.Log.Get("HasRows", () => reader.HasRows);
        p.Log.Get("IsClosed", () => reader.IsClosed);
        p.Log.Get("RecordsAffected", () => reader.RecordsAffected);
        p.Log.Get("VisibleFieldCount", () => reader.VisibleFieldCount);
        p.Log.Get("GetValue before Read", () => reader.GetValue(0));
        p.Log.Get("IsDBNull before Read", () => reader.IsDBNull(0));
        await p.ReadAllAsync(reader);
        p.Log.Get("NextResult at the end", () => reader.NextResult());
        p.Log.Get("Read at the end", () => reader.Read());
        p.Log.Get("HasRows at the end", () => reader.HasRows);
        p.Log.Get("FieldCount at the end", () => reader.FieldCount);
        p.Log.Get("GetValue at the end", () => reader.GetValue(0));
    }

    public static async Task Reader_read_keeps_returning_false(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT NULL;");
        for (var i = 0; i < 4; i++)
            await p.Log.GetAsync("read", () => p.Mode.ReadAsync(reader));
        p.Log.Get("GetValue when done", () => reader.GetValue(0));
        p.Log.Get("IsDBNull when done", () => reader.IsDBNull(0));
        p.Log.Get("GetFieldValue when done", () => reader.GetFieldValue<object>(0));
        for (var i = 0; i < 2; i++)
            await p.Log.GetAsync("next result", () => p.Mode.NextResultAsync(reader));
    }

    public static async Task Reader_values_by_type(ProbeContext p)
    {
        // No GetChar, GetChars or text readers here: Microsoft.Data.Sqlite 11.0.0 crashes the process in them on a row of two columns or more.
        var reader = await p.ReaderAsync("SELECT 1 AS i, 'text' AS s, NULL AS n, 3.5 AS d, 'Ä😀' AS u;");
        await p.Mode.ReadAsync(reader);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var column = i;
            p.Log.Get($"GetName({i})", () => reader.GetName(column));
            p.Log.Get($"GetDataTypeName({i})", () => reader.GetDataTypeName(column));
            p.Log.Get($"GetFieldType({i})", () => reader.GetFieldType(column));
            p.Log.Get($"GetProviderSpecificFieldType({i})", () => reader.GetProviderSpecificFieldType(column));
            p.Log.Get($"GetValue({i})", () => reader.GetValue(column));
            p.Log.Get($"GetProviderSpecificValue({i})", () => reader.GetProviderSpecificValue(column));
            p.Log.Get($"[{i}]", () => reader[column]);
            p.Log.Get($"IsDBNull({i})", () => reader.IsDBNull(column));
            p.Log.Get($"GetString({i})", () => reader.GetString(column));
            p.Log.Get($"GetInt32({i})", () => reader.GetInt32(column));
            p.Log.Get($"GetInt64({i})", () => reader.GetInt64(column));
            p.Log.Get($"GetInt16({i})", () => reader.GetInt16(column));
            p.Log.Get($"GetByte({i})", () => reader.GetByte(column));
            p.Log.Get($"GetBoolean({i})", () => reader.GetBoolean(column));
            p.Log.Get($"GetDecimal({i})", () => reader.GetDecimal(column));
            p.Log.Get($"GetDouble({i})", () => reader.GetDouble(column));
            p.Log.Get($"GetFloat({i})", () => reader.GetFloat(column));
            p.Log.Get($"GetGuid({i})", () => reader.GetGuid(column));
            p.Log.Get($"GetDateTime({i})", () => reader.GetDateTime(column));
            p.Log.Get($"GetFieldValue<int>({i})", () => reader.GetFieldValue<int>(column));
            p.Log.Get($"GetFieldValue<long>({i})", () => reader.GetFieldValue<long>(column));
            p.Log.Get($"GetFieldValue<string>({i})", () => reader.GetFieldValue<string>(column));
            p.Log.Get($"GetFieldValue<object>({i})", () => reader.GetFieldValue<object>(column));
            p.Log.Get($"GetFieldValue<DBNull>({i})", () => reader.GetFieldValue<DBNull>(column));
            p.Log.Get($"GetFieldValue<int?>({i})", () => reader.GetFieldValue<int?>(column));
            p.Log.Get($"GetFieldValue<double>({i})", () => reader.GetFieldValue<double>(column));
            await p.Log.GetAsync($"GetFieldValueAsync<string>({i})", () => reader.GetFieldValueAsync<string>(column));
            await p.Log.GetAsync($"GetFieldValueAsync<int>({i})", () => reader.GetFieldValueAsync<int>(column));
            await p.Log.GetAsync($"IsDBNullAsync({i})", () => reader.IsDBNullAsync(column));
        }

        p.Log.Get("GetName out of range", () => reader.GetName(5));
        p.Log.Get("GetFieldType out of range", () => reader.GetFieldType(-1));
        p.Log.Get("GetDataTypeName out of range", () => reader.GetDataTypeName(5));
        p.Log.Get("GetValue out of range", () => reader.GetValue(5));
        p.Log.Get("GetOrdinal(s)", () => reader.GetOrdinal("s"));
        p.Log.Get("GetOrdinal(S)", () => reader.GetOrdinal("S"));
        p.Log.Get("GetOrdinal(missing)", () => reader.GetOrdinal("missing"));
        p.Log.Get("[\"s\"]", () => reader["s"]);
        p.Log.Get("[\"missing\"]", () => reader["missing"]);
        await p.Log.GetAsync("GetFieldValueAsync canceled", () => reader.GetFieldValueAsync<int>(0, ProbeContext.Canceled));
        await p.Log.GetAsync("IsDBNullAsync canceled", () => reader.IsDBNullAsync(0, ProbeContext.Canceled));
    }

    public static async Task Reader_values_arrays(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 'a', NULL;");
        await p.Mode.ReadAsync(reader);
        p.Log.Get("GetValues wider", () =>
        {
            var values = new object[3];
            return (reader.GetValues(values), values);
        });
        p.Log.Get("GetValues wider values", () =>
        {
            var values = new object[3];
            reader.GetValues(values);
            return values;
        });
        p.Log.Get("GetValues narrower", () => reader.GetValues(new object[1]));
        p.Log.Get("GetValues empty", () => reader.GetValues([]));
        p.Log.Get("GetValues null", () => reader.GetValues(null!));
        p.Log.Get("GetProviderSpecificValues", () => reader.GetProviderSpecificValues(new object[2]));
    }

    public static async Task Reader_bytes_and_chars(ProbeContext p)
    {
        var bytes = await p.ReaderAsync(p.Provider.SelectBytes([1, 2, 3, 4]));
        await p.Mode.ReadAsync(bytes);
        foreach (var (offset, buffer, bufferOffset, length) in new (long, int?, int, int)[]
        {
            (0, 4, 0, 4), (0, 6, 0, 6), (1, 5, 2, 2), (6, 4, 0, 4), (0, null, 0, 0), (1, null, 0, 0), (-1, 4, 0, 4), (0, 4, -1, 4),
            (0, 4, 5, 0), (0, 4, 4, 0), (0, 4, 2, 3),
        })
        {
            p.Log.Get($"GetBytes({offset}, {buffer}, {bufferOffset}, {length})", () =>
            {
                var target = buffer is { } size ? new byte[size] : null;
                return (bytes.GetBytes(0, offset, target, bufferOffset, length), target);
            });
        }

        p.Log.Get("GetStream", () => bytes.GetStream(0));
        p.Log.Get("GetFieldValue<Stream>", () => bytes.GetFieldValue<Stream>(0));
        p.Log.Get("GetFieldValue<byte[]>", () => bytes.GetFieldValue<byte[]>(0));
        await p.Log.GetAsync("GetFieldValueAsync<Stream>", () => bytes.GetFieldValueAsync<Stream>(0));
        p.Log.Get("GetTextReader of bytes", () => bytes.GetTextReader(0));

        // One column only: Microsoft.Data.Sqlite 11.0.0 crashes the process in GetChars on a row of two or more.
        var chars = await p.ReaderAsync("SELECT 'ab¢d';");
        await p.Mode.ReadAsync(chars);
        foreach (var (offset, buffer, bufferOffset, length) in new (long, int?, int, int)[]
        {
            (0, 4, 0, 4), (0, 6, 0, 6), (1, 5, 2, 2), (6, 4, 0, 4), (0, null, 0, 0), (1, null, 0, 0), (-1, 4, 0, 4), (0, 4, -1, 4),
            (0, 4, 5, 0), (0, 4, 4, 0), (0, 4, 2, 3),
        })
        {
            p.Log.Get($"GetChars({offset}, {buffer}, {bufferOffset}, {length})", () =>
            {
                var target = buffer is { } size ? new char[size] : null;
                return (chars.GetChars(0, offset, target, bufferOffset, length), target);
            });
        }

        p.Log.Get("GetChar", () => chars.GetChar(0));
        p.Log.Get("GetTextReader", () => chars.GetTextReader(0));
        p.Log.Get("GetFieldValue<TextReader>", () => chars.GetFieldValue<TextReader>(0));
        p.Log.Get("GetStream of text", () => chars.GetStream(0));
        await p.Log.GetAsync("GetFieldValueAsync<TextReader>", () => chars.GetFieldValueAsync<TextReader>(0));

        var number = await p.ReaderAsync("SELECT 1;");
        await p.Mode.ReadAsync(number);
        p.Log.Get("GetTextReader of a number", () => number.GetTextReader(0));
        p.Log.Get("GetStream of a number", () => number.GetStream(0));

        var nothing = await p.ReaderAsync("SELECT NULL;");
        await p.Mode.ReadAsync(nothing);
        p.Log.Get("GetTextReader of null", () => nothing.GetTextReader(0));
        p.Log.Get("GetFieldValue<TextReader> of null", () => nothing.GetFieldValue<TextReader>(0));
        await p.Log.GetAsync("GetFieldValueAsync<TextReader> of null", () => nothing.GetFieldValueAsync<TextReader>(0));
        p.Log.Get("GetStream of null", () => nothing.GetStream(0));
    }

    public static async Task Reader_schema(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1 AS id, 'x' AS name;");
        p.Log.Get("GetSchemaTable", reader.GetSchemaTable);
        p.Log.Get("CanGetColumnSchema", reader.CanGetColumnSchema);
        p.Log.Get("GetColumnSchema", reader.GetColumnSchema);
        await p.Log.GetAsync("GetSchemaTableAsync", () => reader.GetSchemaTableAsync());
        await p.Log.GetAsync("GetColumnSchemaAsync", () => reader.GetColumnSchemaAsync());
        await p.Log.GetAsync("GetSchemaTableAsync canceled", () => reader.GetSchemaTableAsync(ProbeContext.Canceled));
        await p.Mode.CloseAsync(reader);
        p.Log.Get("GetSchemaTable when closed", reader.GetSchemaTable);
        p.Log.Get("GetColumnSchema when closed", reader.GetColumnSchema);
    }

    public static async Task Reader_after_a_statement_with_no_results(ProbeContext p)
    {
        var command = await p.CommandAsync("CREATE TEMP TABLE probe (id INT);");
        await p.Mode.ExecuteNonQueryAsync(command);
        command.CommandText = "DELETE FROM probe WHERE id = 0;";
        var reader = p.Log.Name(p.Track(await p.Mode.ExecuteReaderAsync(command)), "reader");
        p.Log.Get("FieldCount", () => reader.FieldCount);
        p.Log.Get("HasRows", () => reader.HasRows);
        p.Log.Get("RecordsAffected", () => reader.RecordsAffected);
        p.Log.Get("IsDBNull", () => reader.IsDBNull(0));
        await p.Log.GetAsync("IsDBNullAsync", () => reader.IsDBNullAsync(0));
        p.Log.Get("GetValue", () => reader.GetValue(0));
        p.Log.Get("GetValues", () => reader.GetValues(new object[1]));
        p.Log.Get("GetName", () => reader.GetName(0));
        p.Log.Get("GetFieldType", () => reader.GetFieldType(0));
        p.Log.Get("GetDataTypeName", () => reader.GetDataTypeName(0));
        p.Log.Get("GetFieldValue", () => reader.GetFieldValue<object>(0));
        await p.Log.GetAsync("GetFieldValueAsync", () => reader.GetFieldValueAsync<object>(0));
        p.Log.Get("GetString", () => reader.GetString(0));
        p.Log.Get("GetStream", () => reader.GetStream(0));
        p.Log.Get("GetTextReader", () => reader.GetTextReader(0));
        p.Log.Get("GetBytes", () => reader.GetBytes(0, 0, new byte[1], 0, 1));
        p.Log.Get("GetChars", () => reader.GetChars(0, 0, new char[1], 0, 1));
        p.Log.Get("GetSchemaTable", reader.GetSchemaTable);
        p.Log.Get("GetColumnSchema", reader.GetColumnSchema);
        await p.Log.GetAsync("Read", () => p.Mode.ReadAsync(reader));
        await p.Log.GetAsync("NextResult", () => p.Mode.NextResultAsync(reader));
    }

    public static async Task Reader_after_close(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1 WHERE 1 = 0;");
        await p.Log.DoAsync("close", () => p.Mode.CloseAsync(reader));
        await AfterClosedAsync(p, reader);
        await p.Log.DoAsync("close again", () => p.Mode.CloseAsync(reader));
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(reader));
        await p.Log.DoAsync("dispose again", () => p.Mode.DisposeAsync(reader));
        await AfterClosedAsync(p, reader);
    }

    public static async Task Reader_after_dispose(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1;");
        await p.Mode.ReadAsync(reader);
        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(reader));
        await AfterClosedAsync(p, reader);
        await p.Log.DoAsync("close after dispose", () => p.Mode.CloseAsync(reader));
        await p.Log.DoAsync("dispose again", () => p.Mode.DisposeAsync(reader));
        await p.Log.DoAsync("DisposeAsync", () => reader.DisposeAsync().AsTask());
    }

    public static async Task Reader_closing_frees_the_connection(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1 UNION SELECT 2;");
        await p.Log.DoAsync("close unread", () => p.Mode.CloseAsync(reader));
        var command = await p.CommandAsync("SELECT 3;");
        await p.ExecuteAsync("next command", command, Execution.Scalar);
        var connection = command.Connection!;
        using var second = connection.CreateCommand();
        second.CommandText = "SELECT 4 UNION SELECT 5;";
        var open = await p.Mode.ExecuteReaderAsync(second);
        await p.Log.DoAsync("dispose unread", () => p.Mode.DisposeAsync(open));
        await p.ExecuteAsync("next command", command, Execution.Scalar);
    }

    public static async Task Reader_enumerates_records(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1 AS a, 'x' AS b UNION SELECT 2, 'y' ORDER BY 1;");
        var records = new List<object>();
        foreach (var record in reader)
            records.Add(p.Log.Describe(record));
        p.Log.Note("records", records);
        p.Log.Get("enumerating again", () => reader.Cast<object>().Count());
    }

    public static async Task Reader_nested_data(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1;");
        await p.Mode.ReadAsync(reader);
        p.Log.Get("GetData", () =>
        {
            using var nested = reader.GetData(0);
            return nested.FieldCount;
        });
        p.Log.Get("IDataRecord.GetData", () => ((IDataRecord)reader).GetData(0).FieldCount);
    }

    public static async Task Reader_with_canceled_token(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1 UNION SELECT 2; SELECT 3;");
        await p.Log.GetAsync("ReadAsync canceled", () => reader.ReadAsync(ProbeContext.Canceled));
        await p.Log.GetAsync("ReadAsync", () => reader.ReadAsync());
        await p.Log.GetAsync("NextResultAsync canceled", () => reader.NextResultAsync(ProbeContext.Canceled));
        await p.Log.GetAsync("ReadAsync", () => reader.ReadAsync());
        p.Log.Get("IsClosed", () => reader.IsClosed);
    }

    public static async Task Reader_failure_while_reading(ProbeContext p)
    {
        var reader = await p.ReaderAsync("SELECT 1; SELECT 1/0; SELECT 3;");
        await p.Log.GetAsync("read", () => p.Mode.ReadAsync(reader));
        await p.Log.GetAsync("next result", () => p.Mode.NextResultAsync(reader));
        await p.Log.GetAsync("read", () => p.Mode.ReadAsync(reader));
        p.Log.Get("value", () => reader.GetValue(0));
        await p.Log.GetAsync("next result", () => p.Mode.NextResultAsync(reader));
        p.Log.Get("IsClosed", () => reader.IsClosed);
        await p.Log.DoAsync("close", () => p.Mode.CloseAsync(reader));
    }

    public static async Task Reader_single_row_and_result(ProbeContext p)
    {
        foreach (var behavior in new[] { CommandBehavior.SingleRow, CommandBehavior.SingleResult })
        {
            var reader = await p.ReaderAsync("SELECT 1 UNION SELECT 2; SELECT 3; SELECT 4;", behavior);
            await p.ReadAllAsync(reader);
            p.Log.Get("NextResult after", () => reader.NextResult());
        }
    }

    private static async Task AfterClosedAsync(ProbeContext p, DbDataReader reader)
    {
        p.Log.Get("IsClosed", () => reader.IsClosed);
        p.Log.Get("RecordsAffected", () => reader.RecordsAffected);
        p.Log.Get("HasRows", () => reader.HasRows);
        p.Log.Get("FieldCount", () => reader.FieldCount);
        p.Log.Get("VisibleFieldCount", () => reader.VisibleFieldCount);
        p.Log.Get("Depth", () => reader.Depth);
        p.Log.Get("GetName", () => reader.GetName(0));
        p.Log.Get("GetFieldType", () => reader.GetFieldType(0));
        p.Log.Get("GetDataTypeName", () => reader.GetDataTypeName(0));
        p.Log.Get("GetValue", () => reader.GetValue(0));
        p.Log.Get("IsDBNull", () => reader.IsDBNull(0));
        p.Log.Get("GetOrdinal", () => reader.GetOrdinal("x"));
        await p.Log.GetAsync("Read", () => p.Mode.ReadAsync(reader));
        await p.Log.GetAsync("NextResult", () => p.Mode.NextResultAsync(reader));
    }
}
