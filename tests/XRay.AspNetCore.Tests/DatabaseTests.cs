using System.Data.Common;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using XRay.Data;
using XRay.Testing;

namespace XRay.AspNetCore.Tests;

/// <summary>The application's recorder, from AddXRay, behind EF Core, traced connections and units of work; real PostgreSQL.</summary>
public sealed class DatabaseTests(ItemsDatabase database) : IClassFixture<ItemsDatabase>, IDisposable
{
    private readonly DaemonReceiver receiver = new();

    public void Dispose() => receiver.Dispose();

    [Fact]
    public async Task EF_Core_and_the_traced_data_source_record_with_the_applications_recorder_and_options()
    {
        await using var service = await StartAsync(app => app.MapGet("/items", async (ItemsContext db, DbConnection connection) =>
        {
            var widgets = await db.Items.CountAsync(item => item.Name == "widget");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "select name from items where name = 'gadget'";
            return $"{widgets} {await command.ExecuteScalarAsync()}";
        }));

        using var response = await service.Client.GetAsync("/items");
        Assert.Equal("1 gadget", await response.Content.ReadAsStringAsync());

        await service.Recorder.FlushAsync();
        var segment = Assert.Single(await receiver.WaitForSegmentsAsync(1));
        var queries = segment.Subsegments.Select(sub => (string?)sub.Sql?["sanitized_query"]).ToList();
        Assert.Equal(2, queries.Count);
        // Raw capture is what the registered TracedDbOptions ask for: EF Core's literal and the command's are kept.
        Assert.Contains(queries, query => query?.Contains("'widget'", StringComparison.Ordinal) == true);
        Assert.Contains(queries, query => query == "select name from items where name = 'gadget'");
        Assert.All(segment.Subsegments, sub => Assert.Equal("PostgreSQL", (string?)sub.Sql?["database_type"]));

        // Outside a request there is no segment: the application's recorder applies its context-missing strategy.
        await using (var scope = service.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ItemsContext>().Items.CountAsync();
            await using var connection = scope.ServiceProvider.GetRequiredService<DbConnection>();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "select 1";
            await command.ExecuteScalarAsync();
        }

        Assert.Equal(2, service.Recorder.ContextMissingCount);
        Assert.Single(service.Logs.Entries, entry => entry.Message.Contains("no segment current", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Traced_connection_registered_by_hand_uses_the_applications_recorder()
    {
        await using var service = await TestService.StartAsync(receiver, app =>
        {
            app.UseXRay("items");
            app.MapGet("/items", async (DbConnection connection) =>
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "select count(*) from items where id = 2";
                return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            });
        }, services: builder => builder.Services.AddTracedDbConnection(_ => new NpgsqlConnection(database.ConnectionString)));

        using var response = await service.Client.GetAsync("/items");
        await using (var scope = service.App.Services.CreateAsyncScope())
        {
            var connection = Assert.IsType<TracedDbConnection>(scope.ServiceProvider.GetRequiredService<DbConnection>());
            Assert.Same(service.Recorder, connection.Recorder);
        }

        await service.Recorder.FlushAsync();
        var segment = Assert.Single(await receiver.WaitForSegmentsAsync(1));
        Assert.Equal("select count(*) from items where id = ?", (string?)Assert.Single(segment.Subsegments).Sql?["sanitized_query"]);
    }

    [Fact]
    public async Task Hosted_queue_consumer_gets_a_segment_per_message_with_its_database_work()
    {
        var queue = Channel.CreateUnbounded<WorkItem>();
        await using var service = await StartAsync(app => app.MapGet("/", () => "ok"), builder =>
        {
            builder.Services.AddSingleton(queue);
            builder.Services.AddHostedService<Consumer>();
        });
        var caller = new TraceHeader(TraceId.NewId(), EntityId.NewId(), SamplingDecision.Sampled);
        var counted = new WorkItem("widget", caller);
        var poison = new WorkItem("poison", null);

        await queue.Writer.WriteAsync(counted);
        await queue.Writer.WriteAsync(poison);
        Assert.Equal(1L, await counted.Done.Task);
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => poison.Done.Task);

        await service.Recorder.FlushAsync();
        var segments = await receiver.WaitForSegmentsAsync(2);
        var work = Assert.Single(segments, segment => segment.TraceId == caller.Root.ToString());
        Assert.Equal("consumer", work.Name);
        Assert.Equal(caller.Parent.ToString(), work.ParentId);
        Assert.Equal("widget", (string?)work.Json["annotations"]?["item"]);
        Assert.Contains("'widget'", (string?)Assert.Single(work.Subsegments).Sql?["sanitized_query"], StringComparison.Ordinal);

        var failed = Assert.Single(segments, segment => segment != work);
        Assert.True(failed.Flag("fault"));
        Assert.Equal(typeof(InvalidOperationException).FullName, (string?)failed.Json["cause"]?["exceptions"]?[0]?["type"]);
        Assert.Equal("Item 'poison' cannot be processed.", thrown.Message);
    }

    private Task<TestService> StartAsync(Action<WebApplication> map, Action<WebApplicationBuilder>? services = null)
        => TestService.StartAsync(receiver, app =>
        {
            app.UseXRay("items");
            map(app);
        }, services: builder =>
        {
            builder.Services.AddSingleton(new TracedDbOptions { QueryCapture = QueryCapture.Raw });
            builder.Services.AddDbContext<ItemsContext>(options => options.UseNpgsql(database.ConnectionString).AddXRayInterceptor());
            builder.Services.AddTracedDbDataSource(_ => NpgsqlDataSource.Create(database.ConnectionString));
            services?.Invoke(builder);
        });

    private sealed record WorkItem(string Name, TraceHeader? Header)
    {
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A queue consumer as a hosted service: each message is a unit of work in a segment of its own.</summary>
    private sealed class Consumer(XRayRecorder recorder, IServiceScopeFactory scopes, Channel<WorkItem> queue) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    var count = await recorder.TraceAsync("consumer", async (segment, cancellationToken) =>
                    {
                        segment.AddAnnotation("item", item.Name);
                        if (item.Name == "poison")
                            throw new InvalidOperationException($"Item '{item.Name}' cannot be processed.");
                        await using var scope = scopes.CreateAsyncScope();
                        var db = scope.ServiceProvider.GetRequiredService<ItemsContext>();
                        return (long)await db.Items.CountAsync(i => i.Name == "widget", cancellationToken);
                    }, item.Header, stoppingToken);
                    item.Done.SetResult(count);
                }
                catch (InvalidOperationException ex)
                {
                    item.Done.SetException(ex);
                }
            }
        }
    }
}
