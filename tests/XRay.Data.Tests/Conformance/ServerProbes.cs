using System.Data.Common;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

/// <summary>Probes that need a server that can cancel a statement while it runs (PostgreSQL).</summary>
internal static class ServerProbes
{
    public static async Task Command_canceled_while_it_runs(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1 UNION ALL SELECT 2 FROM pg_sleep(30);");
        var pid = await PidAsync(command.Connection!);
        foreach (var execution in Enum.GetValues<Execution>())
        {
            using var cancellation = new CancellationTokenSource();
            var running = Task.Run(() => ExecuteAsync(p, command, execution, cancellation.Token));
            await WaitUntilRunningAsync(p, pid);
            if (p.IsAsync)
                await cancellation.CancelAsync();
            else
                command.Cancel();
            await p.Log.GetAsync(execution.ToString(), () => running);
            p.Log.Get("State", () => command.Connection!.State);
        }

        command.CommandText = "SELECT 1;";
        await p.ExecuteAsync("then", command, Execution.Scalar);
    }

    public static async Task Command_ended_by_statement_timeout(ProbeContext p)
    {
        var command = await p.CommandAsync("SET statement_timeout = 50;");
        await p.Mode.ExecuteNonQueryAsync(command);
        command.CommandText = "SELECT pg_sleep(5);";
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync(execution.ToString(), command, execution);
        p.Log.Get("State", () => command.Connection!.State);
    }

    /// <summary>Runs the command to its end, reading every row, sync or async.</summary>
    private static async Task<object?> ExecuteAsync(ProbeContext p, DbCommand command, Execution execution, CancellationToken cancellationToken)
    {
        if (execution == Execution.NonQuery)
            return p.IsAsync ? await command.ExecuteNonQueryAsync(cancellationToken) : command.ExecuteNonQuery();
        if (execution == Execution.Scalar)
            return p.IsAsync ? await command.ExecuteScalarAsync(cancellationToken) : command.ExecuteScalar();
        await using var reader = p.IsAsync ? await command.ExecuteReaderAsync(cancellationToken) : command.ExecuteReader();
        var rows = 0;
        while (p.IsAsync ? await reader.ReadAsync(cancellationToken) : reader.Read())
            rows++;
        return rows;
    }

    private static async Task<int> PidAsync(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_backend_pid();";
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits, through a connection of its own, until the server reports the backend busy in <c>pg_sleep</c>.</summary>
    private static async Task WaitUntilRunningAsync(ProbeContext p, int pid)
    {
        await using var monitor = p.Provider.Factory.CreateConnection()!;
        monitor.ConnectionString = p.ConnectionString;
        await monitor.OpenAsync();
        await using var command = monitor.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid} AND state = 'active' AND query LIKE '%pg_sleep%';";
        while ((long)(await command.ExecuteScalarAsync())! == 0)
            await Task.Delay(10);
    }
}
