using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;

namespace XRay.Data;

/// <summary>
/// The code a provider gives a failed database call: its SQLSTATE where it has one (PostgreSQL, MySqlConnector), its
/// native error number otherwise (SQL Server's and MySQL's <c>Number</c>, SQLite's result code). A number of 0 means
/// the provider had none to give and is never reported.
/// </summary>
internal readonly record struct DbErrorCode(string? SqlState, long? Number)
{
    // Where providers keep their native number, in order of preference; read through a delegate made once per type.
    private static readonly string[] NumberProperties = ["Number", "SqliteErrorCode", "ResultCode"];

    private static readonly ConcurrentDictionary<Type, Func<DbException, long>?> Readers = new();

    /// <summary>The code of the first database exception in <paramref name="exception"/>'s chain; empty when there is none.</summary>
    public static DbErrorCode Of(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException db)
                return Of(db);
        }

        return default;
    }

    private static DbErrorCode Of(DbException exception)
    {
        var sqlState = string.IsNullOrWhiteSpace(exception.SqlState) ? null : exception.SqlState;
        long? number = null;
        if (Readers.GetOrAdd(exception.GetType(), FindReader) is { } read)
        {
            try
            {
                number = read(exception) is var value and not 0 ? value : null;
            }
#pragma warning disable CA1031 // A provider property that fails leaves the code out, never the failure unrecorded.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        return new DbErrorCode(sqlState, number);
    }

    private static Func<DbException, long>? FindReader(Type type)
    {
        foreach (var name in NumberProperties)
        {
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            if (property?.GetMethod is not { } getter || property.GetIndexParameters().Length != 0)
                continue;
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (valueType.IsEnum)
                valueType = Enum.GetUnderlyingType(valueType);
            if (valueType != typeof(int) && valueType != typeof(long) && valueType != typeof(short))
                continue;
            return (Func<DbException, long>)typeof(DbErrorCode)
                .GetMethod(nameof(Reader), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type, property.PropertyType)
                .Invoke(null, [getter])!;
        }

        return null;
    }

    private static Func<DbException, long> Reader<TException, TValue>(MethodInfo getter)
        where TException : DbException
    {
        var read = getter.CreateDelegate<Func<TException, TValue>>();
        return exception => read((TException)exception) switch
        {
            null => 0,
            var value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
