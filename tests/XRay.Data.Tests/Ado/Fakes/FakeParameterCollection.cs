using System.Collections;
using System.Data.Common;

namespace XRay.Data.Tests.Ado.Fakes;

/// <summary>A list of parameters.</summary>
public sealed class FakeParameterCollection : DbParameterCollection
{
    private readonly List<DbParameter> items = [];

    /// <inheritdoc />
    public override int Count => items.Count;

    /// <inheritdoc />
    public override object SyncRoot => items;

    /// <inheritdoc />
    public override int Add(object value)
    {
        items.Add((DbParameter)value);
        return items.Count - 1;
    }

    /// <inheritdoc />
    public override void AddRange(Array values)
    {
        foreach (var value in values)
            Add(value!);
    }

    /// <inheritdoc />
    public override void Clear() => items.Clear();

    /// <inheritdoc />
    public override bool Contains(object value) => items.Contains((DbParameter)value);

    /// <inheritdoc />
    public override bool Contains(string value) => IndexOf(value) >= 0;

    /// <inheritdoc />
    public override void CopyTo(Array array, int index) => ((ICollection)items).CopyTo(array, index);

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => items.GetEnumerator();

    /// <inheritdoc />
    public override int IndexOf(object value) => items.IndexOf((DbParameter)value);

    /// <inheritdoc />
    public override int IndexOf(string parameterName) => items.FindIndex(p => p.ParameterName == parameterName);

    /// <inheritdoc />
    public override void Insert(int index, object value) => items.Insert(index, (DbParameter)value);

    /// <inheritdoc />
    public override void Remove(object value) => items.Remove((DbParameter)value);

    /// <inheritdoc />
    public override void RemoveAt(int index) => items.RemoveAt(index);

    /// <inheritdoc />
    public override void RemoveAt(string parameterName) => items.RemoveAt(IndexOf(parameterName));

    /// <inheritdoc />
    protected override DbParameter GetParameter(int index) => items[index];

    /// <inheritdoc />
    protected override DbParameter GetParameter(string parameterName) => items[IndexOf(parameterName)];

    /// <inheritdoc />
    protected override void SetParameter(int index, DbParameter value) => items[index] = value;

    /// <inheritdoc />
    protected override void SetParameter(string parameterName, DbParameter value) => items[IndexOf(parameterName)] = value;
}
