using System.Data.Common;

#pragma warning disable IDE0130 // The namespace and type name are those of the real provider, which is recognised by them.
namespace Microsoft.Data.SqlClient;
#pragma warning restore IDE0130

/// <summary>
/// Stands in for Microsoft.Data.SqlClient's exception, which cannot be restored here: the errors of one batch, the
/// message made of theirs one a line, the first error's number.
/// </summary>
public sealed class SqlException(params SqlError[] errors)
    : DbException(string.Join(Environment.NewLine, errors.Select(e => e.Message)))
{
    /// <summary>The batch's errors, informational messages included.</summary>
    public IReadOnlyList<SqlError> Errors { get; } = errors;

    /// <summary>The first error's number.</summary>
    public int Number => Errors[0].Number;
}
