using System.Collections;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace XRay.Data.Tests.Conformance;

/// <summary>
/// What one run of a probe saw, line by line: values read back, exceptions thrown (type, message, parameter name),
/// task states and events, in the order they happened. Objects are named by the probe, so identities compare across
/// runs while the concrete ADO.NET types (the provider's or the traced ones) do not.
/// </summary>
internal sealed class Transcript
{
    private readonly List<string> lines = [];
    private readonly List<(object Target, string Name)> names = [];
    private readonly List<(string Actual, string Shown)> aliases = [];

    public IReadOnlyList<string> Lines => lines;

    /// <summary>Gives an object a name: from now on it is noted by that name wherever it shows up.</summary>
    public T Name<T>(T target, string name)
        where T : class
    {
        names.Add((target, name));
        return target;
    }

    /// <summary>Writes <paramref name="shown"/> wherever <paramref name="actual"/> (a name unique to this run) appears in text.</summary>
    public string Alias(string actual, string shown)
    {
        aliases.Add((actual, shown));
        return actual;
    }

    public void Note(string what, object? value) => lines.Add($"{what}: {Describe(value)}");

    public void Event(string what) => lines.Add("event " + what);

    /// <summary>Notes what <paramref name="read"/> returns or throws.</summary>
    public T? Get<T>(string what, Func<T> read)
    {
        try
        {
            var value = read();
            Note(what, value);
            return value;
        }
        catch (Exception ex)
        {
            Threw(what, ex);
            return default;
        }
    }

    /// <summary>Notes whether <paramref name="action"/> completes or throws.</summary>
    public void Do(string what, Action action)
    {
        try
        {
            action();
            lines.Add(what + ": ok");
        }
        catch (Exception ex)
        {
            Threw(what, ex);
        }
    }

    /// <summary>Notes whether the task completes or throws, and how it ended; or that the call threw before returning a task.</summary>
    public async Task DoAsync(string what, Func<Task> action)
    {
        Task task;
        try
        {
            task = action();
        }
        catch (Exception ex)
        {
            Threw(what + " (before returning a task)", ex);
            return;
        }

        try
        {
            await task;
            lines.Add(what + ": ok");
        }
        catch (Exception ex)
        {
            Threw(what, ex);
        }

        lines.Add($"{what}: task {task.Status}");
    }

    /// <summary>Notes the task's result or exception, and how it ended; or that the call threw before returning a task.</summary>
    public async Task<T?> GetAsync<T>(string what, Func<Task<T>> read)
    {
        Task<T> task;
        try
        {
            task = read();
        }
        catch (Exception ex)
        {
            Threw(what + " (before returning a task)", ex);
            return default;
        }

        T? value = default;
        try
        {
            value = await task;
            Note(what, value);
        }
        catch (Exception ex)
        {
            Threw(what, ex);
        }

        lines.Add($"{what}: task {task.Status}");
        return value;
    }

    /// <summary>Names the ADO.NET kind of object rather than its type, which is the provider's or a traced one.</summary>
    private static string? Kind(object value) => value switch
    {
        DbConnection => "a connection",
        DbCommand => "a command",
        DbDataReader => "a reader",
        DbTransaction => "a transaction",
        DbBatch => "a batch",
        DbDataSource => "a data source",
        DbProviderFactory => "a factory",
        IDbConnection => "an IDbConnection",
        _ => null,
    };

    private string Escape(string text)
    {
        foreach (var (actual, shown) in aliases)
            text = text.Replace(actual, shown, StringComparison.Ordinal);
        return Unprintable(text);
    }

    private static string Unprintable(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    private string Table(DataTable table)
    {
        var text = new StringBuilder();
        text.Append("table '").Append(table.TableName).Append("' (");
        text.AppendJoin(", ", table.Columns.Cast<DataColumn>().Select(c => $"{c.ColumnName} {c.DataType.Name}"));
        text.Append(')');
        foreach (DataRow row in table.Rows)
            text.Append(" [").AppendJoin(", ", row.ItemArray.Select(Value)).Append(']');
        return text.ToString();
    }

    private string Value(object? value) => value switch
    {
        null => "null",
        DBNull => "DBNull",
        string s => $"\"{Escape(s)}\"",
        byte[] bytes => "bytes " + Convert.ToHexString(bytes),
        char[] chars => $"chars \"{Escape(new string(chars))}\"",
        Type type => "type " + type.FullName,
        Enum e => $"{e.GetType().Name}.{e}",
        IConvertible or IFormattable => $"{value.GetType().Name} {Convert.ToString(value, CultureInfo.InvariantCulture)}",
        _ => "object " + value.GetType().FullName,
    };

    /// <summary>How a value is written in the transcript: by its name when it has one.</summary>
    public string Describe(object? value)
    {
        if (value is null)
            return "null";
        foreach (var (target, name) in names)
        {
            if (ReferenceEquals(target, value))
                return name;
        }

        return value switch
        {
            DataTable table => Table(table),
            ITuple tuple => "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Describe(tuple[i]))) + ")",
            DbColumn column => $"column {column.ColumnName} {column.DataTypeName} {Value(column.DataType)} ordinal {column.ColumnOrdinal}",
            Stream stream => "stream " + Convert.ToHexString(ReadAll(stream)),
            TextReader reader => $"text \"{Escape(reader.ReadToEnd())}\"",
            _ when Kind(value) is { } kind => kind,
            IDataRecord record => $"record of {record.FieldCount} [{string.Join(", ", Enumerable.Range(0, record.FieldCount).Select(i => Value(record.GetValue(i))))}]",
            string or byte[] or char[] => Value(value),
            IEnumerable sequence and not IDataParameterCollection => "[" + string.Join(", ", sequence.Cast<object?>().Select(Describe)) + "]",
            _ => Value(value),
        };
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private void Threw(string what, Exception exception)
    {
        var text = new StringBuilder();
        text.Append(what).Append(": throws ");
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (!ReferenceEquals(current, exception))
                text.Append(" <- ");
            text.Append(current.GetType().FullName).Append(" \"").Append(Escape(current.Message)).Append('"');
            if (current is ArgumentException { ParamName: { } param })
                text.Append(" param ").Append(param);
        }

        lines.Add(text.ToString());
    }
}
