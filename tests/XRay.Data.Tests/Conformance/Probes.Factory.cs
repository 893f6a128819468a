using System.Data;
using System.Data.Common;
using XRay.Testing;

namespace XRay.Data.Tests.Conformance;

internal static partial class Probes
{
    public static Task Factory_creates_the_provider_objects(ProbeContext p)
    {
        var factory = p.Factory;
        p.Log.Get("CanCreateBatch", () => factory.CanCreateBatch);
        p.Log.Get("CanCreateCommandBuilder", () => factory.CanCreateCommandBuilder);
        p.Log.Get("CanCreateDataAdapter", () => factory.CanCreateDataAdapter);
        p.Log.Get("CanCreateDataSourceEnumerator", () => factory.CanCreateDataSourceEnumerator);
        p.Log.Get("CreateDataSourceEnumerator", factory.CreateDataSourceEnumerator);
        p.Log.Get("CreateParameter", factory.CreateParameter);
        p.Log.Get("CreateConnectionStringBuilder", factory.CreateConnectionStringBuilder);
        p.Log.Get("CreateCommandBuilder", factory.CreateCommandBuilder);
        p.Log.Get("CreateDataAdapter", factory.CreateDataAdapter);
        p.Log.Get("CreateCommand", factory.CreateCommand);
        var connection = p.Log.Get("CreateConnection", factory.CreateConnection);
        p.Log.Get("the connection's factory", () => DbProviderFactories.GetFactory(connection!));
        p.Log.Get("a second connection's factory", () => DbProviderFactories.GetFactory(p.NewConnection("second")));
        p.Log.Get("service of type object", () => (factory as IServiceProvider)?.GetService(typeof(object)));
        p.Log.Get("service of type DbProviderFactory", () => (factory as IServiceProvider)?.GetService(typeof(DbProviderFactory)));
        return Task.CompletedTask;
    }

    public static async Task Factory_data_source(ProbeContext p)
    {
        var dataSource = p.Log.Get("CreateDataSource", () => p.Factory.CreateDataSource(p.ConnectionString));
        if (dataSource is null)
            return;
        await using var disposeLater = dataSource;
        p.Log.Name(dataSource, "data source");
        p.Log.Note("ConnectionString is what was given", dataSource.ConnectionString == p.ConnectionString);
        var connection = p.Log.Name(p.Track(dataSource.CreateConnection()), "created connection");
        p.Log.Get("created connection State", () => connection.State);
        p.Log.Get("created connection factory", () => DbProviderFactories.GetFactory(connection));
        p.Log.Note("created connection's ConnectionString is the data source's", connection.ConnectionString == dataSource.ConnectionString);
        var opened = p.Log.Name(p.Track(p.IsAsync ? await dataSource.OpenConnectionAsync() : dataSource.OpenConnection()), "opened connection");
        p.Log.Get("opened connection State", () => opened.State);
        p.Log.Get("opened connection factory", () => DbProviderFactories.GetFactory(opened));
        await p.Log.GetAsync("OpenConnectionAsync canceled", async () => p.Log.Describe(await dataSource.OpenConnectionAsync(ProbeContext.Canceled)));

        await using var command = dataSource.CreateCommand("SELECT 1;");
        p.Log.Get("command text", () => command.CommandText);
        p.Log.Get("command Connection", () => command.Connection);
        p.Log.Do("command Connection = opened", () => command.Connection = opened);
        p.Log.Get("command Transaction", () => command.Transaction);
        foreach (var execution in Enum.GetValues<Execution>())
            await p.ExecuteAsync("command " + execution, command, execution);
        await using var empty = dataSource.CreateCommand();
        p.Log.Get("empty command text", () => empty.CommandText);

        var batch = p.Log.Get("CreateBatch", dataSource.CreateBatch);
        if (batch is not null)
        {
            await using var disposeBatch = batch;
            var batchCommand = batch.CreateBatchCommand();
            batchCommand.CommandText = "SELECT 2;";
            batch.BatchCommands.Add(batchCommand);
            p.Log.Get("batch Connection", () => batch.Connection);
            foreach (var execution in Enum.GetValues<Execution>())
                await p.ExecuteAsync("batch " + execution, batch, execution);
        }

        await p.Log.DoAsync("dispose", () => p.Mode.DisposeAsync(dataSource));
        p.Log.Get("opened connection State after", () => opened.State);
        p.Log.Get("CreateConnection after dispose", () => p.Log.Describe(dataSource.CreateConnection()));
        await p.Log.DoAsync("dispose again", () => p.Mode.DisposeAsync(dataSource));
    }

    public static Task Factory_data_source_of_a_bad_connection_string(ProbeContext p)
    {
        p.Log.Get("null", () => p.Factory.CreateDataSource(null!));
        p.Log.Get("invalid", () => p.Factory.CreateDataSource("xyzzy=Invalid"));
        return Task.CompletedTask;
    }

    public static async Task Factory_data_adapter_fills_a_table(ProbeContext p)
    {
        var command = await p.CommandAsync("SELECT 1 AS id, 'a' AS name UNION SELECT 2, 'b' ORDER BY 1;");
        var adapter = p.Factory.CreateDataAdapter();
        if (adapter is null)
        {
            p.Log.Note("no adapter", adapter);
            return;
        }

        using var disposeAdapter = adapter;
        p.Log.Do("SelectCommand = command", () => adapter.SelectCommand = command);
        p.Log.Get("SelectCommand", () => adapter.SelectCommand);
        var table = new DataTable("probe");
        p.Log.Get("Fill", () => adapter.Fill(table));
        p.Log.Note("table", table);
        p.Log.Get("connection State", () => command.Connection!.State);
        await p.CloseAsync(command.Connection!);
        var again = new DataTable("again");
        p.Log.Get("Fill from closed", () => adapter.Fill(again));
        p.Log.Note("table", again);
        p.Log.Get("connection State", () => command.Connection!.State);
    }

    public static async Task Factory_command_builder_derives_commands(ProbeContext p)
    {
        // A table of its own in the default schema: a temporary one is named after the session, which differs between runs.
        var name = p.Log.Alias("probe_" + Guid.NewGuid().ToString("N")[..12], "probe");
        var command = await p.CommandAsync($"CREATE TABLE {name} (id INT PRIMARY KEY, name TEXT);");
        await p.Mode.ExecuteNonQueryAsync(command);
        command.CommandText = $"SELECT id, name FROM {name};";
        using var adapter = p.Factory.CreateDataAdapter()!;
        using var builder = p.Factory.CreateCommandBuilder()!;
        adapter.SelectCommand = command;
        p.Log.Do("DataAdapter = adapter", () => builder.DataAdapter = adapter);
        var insert = p.Log.Get("GetInsertCommand", () => builder.GetInsertCommand());
        p.Log.Get("insert text", () => insert!.CommandText);
        p.Log.Get("insert parameters", () => insert!.Parameters.Count);
        p.Log.Get("insert connection", () => insert!.Connection);
        p.Log.Get("GetUpdateCommand text", () => builder.GetUpdateCommand().CommandText);
        p.Log.Get("GetDeleteCommand text", () => builder.GetDeleteCommand().CommandText);
        var table = new DataTable("probe");
        adapter.Fill(table);
        table.Rows.Add(1, "one");
        p.Log.Get("Update", () => adapter.Update(table));
        command.CommandText = $"SELECT count(*) FROM {name};";
        await p.ExecuteAsync("rows", command, Execution.Scalar);
        command.CommandText = $"DROP TABLE {name};";
        await p.Mode.ExecuteNonQueryAsync(command);
    }
}
