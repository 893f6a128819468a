using System.Collections;
using System.Collections.ObjectModel;
using System.Data;
using System.Data.Common;

namespace XRay.Data;

/// <summary>
/// A <see cref="DbDataReader"/> over the provider's reader that ends its command's subsegment when it is closed or
/// disposed (also under <see cref="CommandBehavior.CloseConnection"/>), recording how many rows were read in the
/// <c>sql</c> metadata namespace as <c>rows_read</c>. A failure while reading ends it as a fault.
/// Nested readers (<see cref="DbDataReader.GetData(int)"/>) are the provider's own.
/// </summary>
public sealed class TracedDbDataReader : DbDataReader, IDbColumnSchemaGenerator
{
    private SqlCall call;
    private int ended;
    private long rowsRead;

    internal TracedDbDataReader(DbDataReader innerReader, SqlCall call)
    {
        InnerReader = innerReader;
        this.call = call;
        ended = call.IsRecording ? 0 : 1;
    }

    /// <summary>
    /// The traced reader over a reader a command or batch on <paramref name="connection"/> returned: the connection's
    /// last one again when the provider handed out the same reader object again, as Npgsql does.
    /// </summary>
    internal static TracedDbDataReader Over(DbDataReader innerReader, SqlCall call, TracedDbConnection? connection)
        => connection is null ? new TracedDbDataReader(innerReader, call) : connection.Wrap(innerReader, call);

    /// <summary>The provider's own reader, for provider-only APIs.</summary>
    public DbDataReader InnerReader { get; }

    /// <inheritdoc cref="DbDataReader.Depth"/>
    public override int Depth => InnerReader.Depth;

    /// <inheritdoc cref="DbDataReader.FieldCount"/>
    public override int FieldCount => InnerReader.FieldCount;

    /// <inheritdoc cref="DbDataReader.HasRows"/>
    public override bool HasRows => InnerReader.HasRows;

    /// <inheritdoc cref="DbDataReader.IsClosed"/>
    public override bool IsClosed => InnerReader.IsClosed;

    /// <inheritdoc cref="DbDataReader.RecordsAffected"/>
    public override int RecordsAffected => InnerReader.RecordsAffected;

    /// <inheritdoc cref="DbDataReader.VisibleFieldCount"/>
    public override int VisibleFieldCount => InnerReader.VisibleFieldCount;

    /// <inheritdoc cref="DbDataReader.this[int]"/>
    public override object this[int ordinal] => InnerReader[ordinal];

    /// <inheritdoc cref="DbDataReader.this[string]"/>
    public override object this[string name] => InnerReader[name];

    /// <inheritdoc cref="DbDataReader.Read"/>
    public override bool Read() => IsRecording ? Read(async: false, CancellationToken.None).GetAwaiter().GetResult() : InnerReader.Read();

    /// <inheritdoc cref="DbDataReader.ReadAsync(CancellationToken)"/>
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
        => IsRecording ? Read(async: true, cancellationToken).AsTask() : InnerReader.ReadAsync(cancellationToken);

    /// <inheritdoc cref="DbDataReader.NextResult"/>
    public override bool NextResult()
        => IsRecording ? NextResult(async: false, CancellationToken.None).GetAwaiter().GetResult() : InnerReader.NextResult();

    /// <inheritdoc cref="DbDataReader.NextResultAsync(CancellationToken)"/>
    public override Task<bool> NextResultAsync(CancellationToken cancellationToken)
        => IsRecording ? NextResult(async: true, cancellationToken).AsTask() : InnerReader.NextResultAsync(cancellationToken);

    /// <inheritdoc cref="DbDataReader.Close"/>
    public override void Close() => Close(async: false, dispose: false).GetAwaiter().GetResult();

    /// <inheritdoc cref="DbDataReader.CloseAsync"/>
    public override Task CloseAsync() => Close(async: true, dispose: false);

    /// <inheritdoc cref="DbDataReader.DisposeAsync"/>
    public override async ValueTask DisposeAsync()
    {
        await Close(async: true, dispose: true).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="DbDataReader.GetBoolean(int)"/>
    public override bool GetBoolean(int ordinal) => InnerReader.GetBoolean(ordinal);

    /// <inheritdoc cref="DbDataReader.GetByte(int)"/>
    public override byte GetByte(int ordinal) => InnerReader.GetByte(ordinal);

    /// <inheritdoc cref="DbDataReader.GetBytes(int, long, byte[], int, int)"/>
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
        => InnerReader.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    /// <inheritdoc cref="DbDataReader.GetChar(int)"/>
    public override char GetChar(int ordinal) => InnerReader.GetChar(ordinal);

    /// <inheritdoc cref="DbDataReader.GetChars(int, long, char[], int, int)"/>
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
        => InnerReader.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    /// <inheritdoc cref="DbDataReader.GetDataTypeName(int)"/>
    public override string GetDataTypeName(int ordinal) => InnerReader.GetDataTypeName(ordinal);

    /// <inheritdoc cref="DbDataReader.GetDateTime(int)"/>
    public override DateTime GetDateTime(int ordinal) => InnerReader.GetDateTime(ordinal);

    /// <inheritdoc cref="DbDataReader.GetDecimal(int)"/>
    public override decimal GetDecimal(int ordinal) => InnerReader.GetDecimal(ordinal);

    /// <inheritdoc cref="DbDataReader.GetDouble(int)"/>
    public override double GetDouble(int ordinal) => InnerReader.GetDouble(ordinal);

    /// <inheritdoc cref="DbDataReader.GetFieldType(int)"/>
    public override Type GetFieldType(int ordinal) => InnerReader.GetFieldType(ordinal);

    /// <inheritdoc cref="DbDataReader.GetFieldValue{T}(int)"/>
    public override T GetFieldValue<T>(int ordinal) => InnerReader.GetFieldValue<T>(ordinal);

    /// <inheritdoc cref="DbDataReader.GetFieldValueAsync{T}(int, CancellationToken)"/>
    public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken) => InnerReader.GetFieldValueAsync<T>(ordinal, cancellationToken);

    /// <inheritdoc cref="DbDataReader.GetFloat(int)"/>
    public override float GetFloat(int ordinal) => InnerReader.GetFloat(ordinal);

    /// <inheritdoc cref="DbDataReader.GetGuid(int)"/>
    public override Guid GetGuid(int ordinal) => InnerReader.GetGuid(ordinal);

    /// <inheritdoc cref="DbDataReader.GetInt16(int)"/>
    public override short GetInt16(int ordinal) => InnerReader.GetInt16(ordinal);

    /// <inheritdoc cref="DbDataReader.GetInt32(int)"/>
    public override int GetInt32(int ordinal) => InnerReader.GetInt32(ordinal);

    /// <inheritdoc cref="DbDataReader.GetInt64(int)"/>
    public override long GetInt64(int ordinal) => InnerReader.GetInt64(ordinal);

    /// <inheritdoc cref="DbDataReader.GetName(int)"/>
    public override string GetName(int ordinal) => InnerReader.GetName(ordinal);

    /// <inheritdoc cref="DbDataReader.GetOrdinal(string)"/>
    public override int GetOrdinal(string name) => InnerReader.GetOrdinal(name);

    /// <inheritdoc cref="DbDataReader.GetProviderSpecificFieldType(int)"/>
    public override Type GetProviderSpecificFieldType(int ordinal) => InnerReader.GetProviderSpecificFieldType(ordinal);

    /// <inheritdoc cref="DbDataReader.GetProviderSpecificValue(int)"/>
    public override object GetProviderSpecificValue(int ordinal) => InnerReader.GetProviderSpecificValue(ordinal);

    /// <inheritdoc cref="DbDataReader.GetProviderSpecificValues(object[])"/>
    public override int GetProviderSpecificValues(object[] values) => InnerReader.GetProviderSpecificValues(values);

    /// <inheritdoc cref="DbDataReader.GetSchemaTable"/>
    public override DataTable? GetSchemaTable() => InnerReader.GetSchemaTable();

    /// <inheritdoc cref="DbDataReader.GetSchemaTableAsync(CancellationToken)"/>
    public override Task<DataTable?> GetSchemaTableAsync(CancellationToken cancellationToken = default) => InnerReader.GetSchemaTableAsync(cancellationToken);

    /// <inheritdoc cref="DbDataReader.GetColumnSchemaAsync(CancellationToken)"/>
    public override Task<ReadOnlyCollection<DbColumn>> GetColumnSchemaAsync(CancellationToken cancellationToken = default)
        => InnerReader.GetColumnSchemaAsync(cancellationToken);

    /// <inheritdoc cref="IDbColumnSchemaGenerator.GetColumnSchema"/>
    public ReadOnlyCollection<DbColumn> GetColumnSchema() => InnerReader.GetColumnSchema();

    /// <inheritdoc cref="DbDataReader.GetStream(int)"/>
    public override Stream GetStream(int ordinal) => InnerReader.GetStream(ordinal);

    /// <inheritdoc cref="DbDataReader.GetString(int)"/>
    public override string GetString(int ordinal) => InnerReader.GetString(ordinal);

    /// <inheritdoc cref="DbDataReader.GetTextReader(int)"/>
    public override TextReader GetTextReader(int ordinal) => InnerReader.GetTextReader(ordinal);

    /// <inheritdoc cref="DbDataReader.GetValue(int)"/>
    public override object GetValue(int ordinal) => InnerReader.GetValue(ordinal);

    /// <inheritdoc cref="DbDataReader.GetValues(object[])"/>
    public override int GetValues(object[] values) => InnerReader.GetValues(values);

    /// <inheritdoc cref="DbDataReader.IsDBNull(int)"/>
    public override bool IsDBNull(int ordinal) => InnerReader.IsDBNull(ordinal);

    /// <inheritdoc cref="DbDataReader.IsDBNullAsync(int, CancellationToken)"/>
    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => InnerReader.IsDBNullAsync(ordinal, cancellationToken);

    /// <summary>Enumerates the rows through this reader, so they are counted.</summary>
    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    /// <summary>The provider's reader for a nested result (<see cref="DbDataReader.GetData(int)"/>).</summary>
    protected override DbDataReader GetDbDataReader(int ordinal) => InnerReader.GetData(ordinal);

    /// <inheritdoc cref="DbDataReader.Dispose(bool)"/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Close(async: false, dispose: true).GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    /// <summary>Rows changed as a reader reports them; null when it does not know or cannot tell any more.</summary>
    internal static int? RecordsAffectedOf(DbDataReader reader)
    {
        try
        {
            return reader.RecordsAffected is var affected and >= 0 ? affected : null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Starts over for another execution that the provider's reader, the same object again, now serves.</summary>
    internal void Restart(SqlCall next)
    {
        // The previous execution's reader was closed behind this one's back (through the provider's reader or its connection).
        if (Interlocked.Exchange(ref ended, 1) == 0)
            call.Succeed(rowsRead: rowsRead);
        call = next;
        rowsRead = 0;
        Volatile.Write(ref ended, next.IsRecording ? 0 : 1);
    }

    private bool IsRecording => Volatile.Read(ref ended) == 0;

    // One body each for sync and async: a synchronous read completes here, without a state machine per row; an
    // asynchronous one in Awaited.
    private ValueTask<bool> Read(bool async, CancellationToken cancellationToken)
    {
        try
        {
            return async ? Awaited(InnerReader.ReadAsync(cancellationToken), countsRow: true) : new(Counted(InnerReader.Read()));
        }
        catch (Exception ex)
        {
            Failed(ex);
            throw;
        }
    }

    private ValueTask<bool> NextResult(bool async, CancellationToken cancellationToken)
    {
        try
        {
            return async ? Awaited(InnerReader.NextResultAsync(cancellationToken), countsRow: false) : new(InnerReader.NextResult());
        }
        catch (Exception ex)
        {
            Failed(ex);
            throw;
        }
    }

    private async ValueTask<bool> Awaited(Task<bool> pending, bool countsRow)
    {
        bool result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Failed(ex);
            throw;
        }

        return countsRow ? Counted(result) : result;
    }

    private bool Counted(bool read)
    {
        if (read)
            rowsRead++;
        return read;
    }

    private async Task Close(bool async, bool dispose)
    {
        try
        {
            if (async)
                await (dispose ? InnerReader.DisposeAsync().AsTask() : InnerReader.CloseAsync()).ConfigureAwait(false);
            else if (dispose)
                InnerReader.Dispose();
            else
                InnerReader.Close();
        }
        catch (Exception ex)
        {
            Failed(ex);
            throw;
        }

        if (Interlocked.Exchange(ref ended, 1) == 0)
            call.Succeed(rowsAffected: RecordsAffectedOf(InnerReader), rowsRead: rowsRead);
    }

    private void Failed(Exception exception)
    {
        if (Interlocked.Exchange(ref ended, 1) == 0)
            call.Fail(exception);
    }
}
