using System.Collections;
using System.Data.Common;

namespace XRay.Data.Tests.Ado.Fakes;

/// <summary>A reader over a table that closes its connection when asked to (<c>CommandBehavior.CloseConnection</c>).</summary>
public sealed class FakeDbDataReader(DbDataReader inner, DbConnection? closeWith) : DbDataReader
{
    /// <inheritdoc />
    public override int Depth => inner.Depth;

    /// <inheritdoc />
    public override int FieldCount => inner.FieldCount;

    /// <inheritdoc />
    public override bool HasRows => inner.HasRows;

    /// <inheritdoc />
    public override bool IsClosed => inner.IsClosed;

    /// <inheritdoc />
    public override int RecordsAffected => inner.RecordsAffected;

    /// <inheritdoc />
    public override object this[int ordinal] => inner[ordinal];

    /// <inheritdoc />
    public override object this[string name] => inner[name];

    /// <inheritdoc />
    public override void Close()
    {
        inner.Close();
        closeWith?.Close();
    }

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);

    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    /// <inheritdoc />
    public override char GetChar(int ordinal) => inner.GetChar(ordinal);

    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    /// <inheritdoc />
    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);

    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);

    /// <inheritdoc />
    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => inner.GetEnumerator();

    /// <inheritdoc />
    public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

    /// <inheritdoc />
    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);

    /// <inheritdoc />
    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);

    /// <inheritdoc />
    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);

    /// <inheritdoc />
    public override string GetName(int ordinal) => inner.GetName(ordinal);

    /// <inheritdoc />
    public override int GetOrdinal(string name) => inner.GetOrdinal(name);

    /// <inheritdoc />
    public override string GetString(int ordinal) => inner.GetString(ordinal);

    /// <inheritdoc />
    public override object GetValue(int ordinal) => inner.GetValue(ordinal);

    /// <inheritdoc />
    public override int GetValues(object[] values) => inner.GetValues(values);

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

    /// <inheritdoc />
    public override bool NextResult() => inner.NextResult();

    /// <inheritdoc />
    public override bool Read() => inner.Read();
}
