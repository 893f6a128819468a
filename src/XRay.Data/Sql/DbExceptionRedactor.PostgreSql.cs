using System.Data.Common;
using System.Text;

namespace XRay.Data;

public static partial class DbExceptionRedactor
{
    // Npgsql's own sentence in place of a detail when the connection string does not include error details.
    private const string NpgsqlDetailLeftOut =
        "Detail redacted as it may contain sensitive data. Specify 'Include Error Detail' in the connection string to include this information.";
    private const string DetailLabel = "DETAIL: ";

    // SQLSTATE classes PostgreSQL itself reports; a RAISE may use any other five characters.
    private const string PostgreSqlClasses = "00 01 02 03 08 09 0A 0B 0F 0L 0P 0Z 20 21 22 23 24 25 26 27 28 2B 2D 2F 34 38 39 3B 3D 3F 40 42 44 53 54 55 57 58 72 F0 HV XX";

    /// <summary>
    /// Npgsql writes <c>{SQLSTATE}: {message}</c>, then <c>POSITION: n</c> and <c>DETAIL: {detail}</c> on lines of
    /// their own. When the exception's <c>MessageText</c> and <c>Detail</c> mark exactly where those two are, each is
    /// redacted on its own; otherwise the whole text is, as one span.
    /// </summary>
    private static string RedactPostgreSql(DbException exception, string message)
    {
        var state = exception.SqlState;
        if (IsRaisedByPostgreSqlApplication(exception, state))
            return ApplicationText(message, state);

        var text = Text(exception, "MessageText");
        if (state is null || text is null || !HasStatePrefix(message, state)
            || !message.AsSpan(state.Length + 2).StartsWith(text, StringComparison.Ordinal))
            return RedactPostgreSql(message);
        var textStart = state.Length + 2;
        var textEnd = textStart + text.Length;
        var detail = Text(exception, "Detail");
        var detailStart = !string.IsNullOrEmpty(detail) && message.Length - detail.Length >= textEnd && message.EndsWith(detail, StringComparison.Ordinal)
            ? message.Length - detail.Length
            : message.Length;
        if (!IsNpgsqlLayout(message.AsSpan(textEnd, detailStart - textEnd), hasDetail: detailStart < message.Length))
            return RedactPostgreSql(message);

        var grammar = GrammarFor(state);
        var output = new StringBuilder(message.Length);
        output.Append(message, 0, textStart);
        grammar.Redact(message, textStart, textEnd, textEnd, output);
        output.Append(message, textEnd, detailStart - textEnd);
        if (detail == NpgsqlDetailLeftOut)
            output.Append(detail);
        else
            grammar.Redact(message, detailStart, message.Length, detailStart, output);
        return output.ToString();
    }

    /// <summary>
    /// A PostgreSQL message known only as text: the detail starts after the first <c>DETAIL:</c> line, and every value
    /// span may run across the whole text.
    /// </summary>
    private static string RedactPostgreSql(string message)
    {
        var state = StateOf(message);
        if (state is not null && IsApplicationState(state))
            return ApplicationText(message, state);
        var marker = message.IndexOf("\n" + DetailLabel, StringComparison.Ordinal);
        var detailFrom = marker < 0 ? message.Length : marker + 1 + DetailLabel.Length;
        var end = message.AsSpan(detailFrom).SequenceEqual(NpgsqlDetailLeftOut) ? detailFrom : message.Length;
        var output = new StringBuilder(message.Length);
        GrammarFor(state).Redact(message, 0, end, detailFrom, output);
        output.Append(message, end, message.Length - end);
        return output.ToString();
    }

    /// <summary>
    /// <c>RAISE</c> and <c>ASSERT</c> in PL/pgSQL, whatever SQLSTATE they chose, other procedural languages' own
    /// errors, and the SQLSTATEs only the application raises (class <c>P0</c>, classes PostgreSQL does not use).
    /// </summary>
    private static bool IsRaisedByPostgreSqlApplication(DbException exception, string? state)
    {
        if (Text(exception, "Routine") is "exec_stmt_raise" or "exec_stmt_assert")
            return true;
        if (Text(exception, "File") is { } file
            && (file.StartsWith("plpy", StringComparison.Ordinal) || file.StartsWith("plperl", StringComparison.Ordinal)
                || file.StartsWith("pltcl", StringComparison.Ordinal) || file.StartsWith("plv8", StringComparison.Ordinal)))
            return true;
        return state is not null && IsApplicationState(state);
    }

    /// <summary>Integrity violations name the catalog objects they checked; other messages' quotes are all values.</summary>
    private static ErrorMessageGrammar GrammarFor(string? state)
        => state is not null && state.StartsWith("23", StringComparison.Ordinal)
            ? ErrorMessageGrammar.PostgreSqlIntegrityViolation
            : ErrorMessageGrammar.PostgreSql;

    private static bool IsApplicationState(string state)
    {
        if (state.Length != 5)
            return false;
        if (state.StartsWith("P0", StringComparison.Ordinal))
            return true;
        var at = PostgreSqlClasses.IndexOf(state[..2], StringComparison.Ordinal);
        return at < 0 || at % 3 != 0;
    }

    /// <summary>The five-character SQLSTATE that starts an Npgsql message, or null.</summary>
    private static string? StateOf(string message)
    {
        if (message.Length < 7 || message[5] != ':' || message[6] != ' ')
            return null;
        for (var i = 0; i < 5; i++)
        {
            if (!char.IsAsciiDigit(message[i]) && !char.IsAsciiLetterUpper(message[i]))
                return null;
        }

        return message[..5];
    }

    private static bool HasStatePrefix(string message, string state)
        => message.Length >= state.Length + 2 && message.StartsWith(state, StringComparison.Ordinal)
            && message[state.Length] == ':' && message[state.Length + 1] == ' ';

    /// <summary>The application's own text is replaced whole; the SQLSTATE stays.</summary>
    private static string ApplicationText(string message, string? state)
        => state is not null && HasStatePrefix(message, state) ? state + ": ?" : "?";

    /// <summary>What Npgsql writes between the message and the detail: line breaks, <c>POSITION: n</c>, <c>DETAIL: </c>.</summary>
    private static bool IsNpgsqlLayout(ReadOnlySpan<char> between, bool hasDetail)
    {
        if (hasDetail)
        {
            if (!between.EndsWith(DetailLabel, StringComparison.Ordinal))
                return false;
            between = between[..^DetailLabel.Length];
        }

        between = between.Trim("\r\n");
        if (between.IsEmpty)
            return true;
        if (!between.StartsWith("POSITION: ", StringComparison.Ordinal))
            return false;
        between = between["POSITION: ".Length..].TrimEnd("\r\n");
        return !between.IsEmpty && !between.ContainsAnyExceptInRange('0', '9');
    }
}
