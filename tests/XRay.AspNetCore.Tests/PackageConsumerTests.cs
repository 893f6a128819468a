using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using XRay.Testing;

namespace XRay.AspNetCore.Tests;

/// <summary>
/// Packs the three packages into a local folder, then restores, builds and runs a minimal application against them
/// from that folder, as a team adopting them would: the three lines of the README, a real request, a real datagram.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly string[] Packages = ["XRay.Data", "XRay.EFCore", "XRay.AspNetCore"];

    private readonly string root = Path.Combine(Path.GetTempPath(), "xray-consumer-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string version = "0.0.0-consumer-" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose()
    {
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task Packed_packages_restore_from_a_folder_and_a_minimal_app_runs_against_them()
    {
        var repository = RepositoryRoot();
        var feed = Directory.CreateDirectory(Path.Combine(root, "feed")).FullName;
        // One pack of the three, from what the test run has just built: it keeps the test short.
        var filter = Path.Combine(root, "packages.slnf");
        var solution = new { path = Path.Combine(repository, "XRayData.sln"), projects = Packages.Select(package => $"src/{package}/{package}.csproj") };
        File.WriteAllText(filter, JsonSerializer.Serialize(new { solution }));
        await RunAsync(repository, "pack", filter, "--no-build", "-c", Configuration, "-o", feed, $"-p:PackageVersion={version}", "--nologo", "-nodeReuse:false");

        foreach (var package in Packages)
            AssertPackage(feed, package);

        var app = WriteConsumer(feed);
        await RunAsync(app, "build", "--nologo", "-nodeReuse:false", "-o", Path.Combine(root, "out"));

        using var receiver = new DaemonReceiver();
        var output = await RunAsync(app, new Dictionary<string, string> { ["AWS_XRAY_DAEMON_ADDRESS"] = receiver.Address }, Path.Combine(root, "out", "Consumer.dll"));

        Assert.Contains("hello from the consumer", output, StringComparison.Ordinal);
        var segments = await receiver.WaitForSegmentsAsync(2);
        Assert.Empty(receiver.Rejected);
        Assert.All(segments, segment => Assert.Equal("consumer", segment.Name));
        Assert.Single(segments.Select(segment => segment.TraceId).Distinct());
        var caller = Assert.Single(segments, segment => segment.Subsegments.Count == 1);
        Assert.Equal(caller.Subsegments[0].Id, Assert.Single(segments, segment => segment != caller).ParentId);
    }

    private void AssertPackage(string feed, string package)
    {
        var path = Path.Combine(feed, $"{package}.{version}.nupkg");
        Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.snupkg")), $"{package} has no symbol package");
        using var zip = ZipFile.OpenRead(path);
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.NotNull(zip.GetEntry($"lib/net10.0/{package}.xml"));
        using var nuspec = zip.GetEntry($"{package}.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string? Field(string name) => metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)?.Value;
        Assert.Equal("Apache-2.0", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Contains("X-Ray", Field("description"), StringComparison.Ordinal);
        Assert.Contains("xray", Field("tags"), StringComparison.Ordinal);
        Assert.Equal(version, Field("version"));
        if (package != "XRay.Data")
        {
            var dependency = metadata.Descendants().Single(element => element.Name.LocalName == "dependency" && (string?)element.Attribute("id") == "XRay.Data");
            Assert.Equal(version, (string?)dependency.Attribute("version"));
        }
    }

    private string WriteConsumer(string feed)
    {
        var app = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;
        // Empty files here stop MSBuild from picking up any Directory.*.props further up the temporary folder.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(root, name), "<Project />\n");
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="xray-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // The packages under test land in a cache of their own; everything else comes from the machine's cache.
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{Path.Combine(root, "packages")}</RestorePackagesPath>
                <RestoreAdditionalProjectFallbackFolders>{globalPackages}</RestoreAdditionalProjectFallbackFolders>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="XRay.AspNetCore" Version="{version}" />
                <PackageReference Include="XRay.EFCore" Version="{version}" />
                <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="{typeof(Npgsql.NpgsqlConnection).Assembly.GetName().Version!.ToString(3)}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Microsoft.EntityFrameworkCore;
            using XRay.Data;

            var builder = WebApplication.CreateSlimBuilder(args);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddXRay(o => o.SamplingRules = new SamplingRules(new SamplingRule(0, 1.0)));
            builder.Services.AddHttpClient("pages").AddXRayTracing();
            builder.Services.AddDbContext<ArchiveContext>(o => o.UseNpgsql("Host=127.0.0.1;Database=archive").AddXRayInterceptor());
            var app = builder.Build();
            app.UseXRay("consumer");
            app.MapGet("/hello", () => "hello from the consumer");
            app.MapGet("/", (IHttpClientFactory clients, HttpRequest request) => clients.CreateClient("pages").GetStringAsync($"{request.Scheme}://{request.Host}/hello"));

            await app.StartAsync();
            using var client = new HttpClient();
            Console.WriteLine(await client.GetStringAsync(app.Urls.First()));
            await app.StopAsync();

            sealed class ArchiveContext(DbContextOptions<ArchiveContext> options) : DbContext(options);
            """);
        return app;
    }

    private static Task<string> RunAsync(string directory, params string[] arguments) => RunAsync(directory, new Dictionary<string, string>(), arguments);

    private static async Task<string> RunAsync(string directory, Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // A test run sets MSBuild variables for its own build; the child builds must not inherit them.
        foreach (var key in start.Environment.Keys.Where(key => key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.Append(await stdout).Append(await stderr);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "XRayData.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No XRayData.sln above {AppContext.BaseDirectory}.");
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
}
