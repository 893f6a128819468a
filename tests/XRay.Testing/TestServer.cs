namespace XRay.Testing;

/// <summary>
/// The database server of a test process, chosen once: a server the user runs (its connection string in a
/// variable), else a Testcontainers-managed container when a Docker engine answers, else a throwaway server from the
/// machine's own binaries. It says on one line which it chose, and removes what it started when the process exits.
/// </summary>
public sealed class TestServer
{
    /// <summary>A file to which each test process appends the line saying which server it uses.</summary>
    public const string ReportVariable = "XRAYDATA_TEST_REPORT";

    private TestServer(string connectionString, TestServerRoute route, string description)
    {
        ConnectionString = connectionString;
        Route = route;
        Description = description;
    }

    /// <summary>The connection string of the test user.</summary>
    public string ConnectionString { get; }

    /// <summary>Which of the three routes was taken.</summary>
    public TestServerRoute Route { get; }

    /// <summary>The line that was printed: the server, the route and, for a local server, why not a container.</summary>
    public string Description { get; }

    /// <summary>Chooses and starts a server; see <see cref="TestServer"/>.</summary>
    /// <param name="product">The server's name in the line printed (PostgreSQL, MariaDB).</param>
    /// <param name="variable">The variable holding the connection string of a server the user runs.</param>
    /// <param name="imageVariable">The variable naming the image to run; unset means <paramref name="defaultImage"/>.</param>
    /// <param name="defaultImage">The official image a developer's machine pulls.</param>
    /// <param name="startContainer">Starts a container of the given image.</param>
    /// <param name="startLocal">Starts a local server from the machine's binaries.</param>
    /// <exception cref="InvalidOperationException">No route gives a server; the message says why and how to install one.</exception>
    public static TestServer Choose(string product, string variable, string imageVariable, string defaultImage,
        Func<string, ServerContainer> startContainer, Func<ILocalServer> startLocal)
    {
        ArgumentNullException.ThrowIfNull(startContainer);
        ArgumentNullException.ThrowIfNull(startLocal);
        var chosen = ChooseQuietly(product, variable, imageVariable, defaultImage, startContainer, startLocal);
        // The test host's standard error shows with `dotnet test --logger "console;verbosity=detailed"`; .ci/run
        // prints the report file.
        Console.Error.WriteLine(chosen.Description);
        if (Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } report)
            File.AppendAllText(report, chosen.Description + "\n");
        return chosen;
    }

    private static TestServer ChooseQuietly(string product, string variable, string imageVariable, string defaultImage,
        Func<string, ServerContainer> startContainer, Func<ILocalServer> startLocal)
    {
        if (Environment.GetEnvironmentVariable(variable) is { } configured && !string.IsNullOrWhiteSpace(configured))
            return new TestServer(configured, TestServerRoute.Configured, $"{product} for tests: the server in {variable}.");

        var namedImage = Environment.GetEnvironmentVariable(imageVariable);
        var image = string.IsNullOrWhiteSpace(namedImage) ? defaultImage : namedImage;
        string whyLocal;
        if (DockerEngine.Answers)
        {
            try
            {
                var container = startContainer(image);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => container.Dispose();
                return new TestServer(container.ConnectionString, TestServerRoute.Container,
                    $"{product} for tests: Testcontainers, image {image}, container {container.Id[..12]} on 127.0.0.1:{container.Port}.");
            }
            catch (Exception ex) when (string.IsNullOrWhiteSpace(namedImage) && !DockerEngine.Required)
            {
                // The default image may not be pullable here; a named image or a required Docker fails loudly instead.
                whyLocal = $"{image} did not start: {OneLine(ex.GetBaseException().Message)}";
            }
        }
        else if (DockerEngine.Required)
        {
            throw new InvalidOperationException(
                $"{DockerEngine.Variable}=required, but {DockerEngine.Absence}. Start a Docker engine, or unset the variable to use a local {product}.");
        }
        else
        {
            whyLocal = DockerEngine.Absence;
        }

        ILocalServer local;
        try
        {
            local = startLocal();
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message} No {product} container either: {whyLocal}.", ex);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => local.Dispose();
        return new TestServer(local.ConnectionString, TestServerRoute.Local,
            $"{product} for tests: a throwaway local server on 127.0.0.1:{local.Port} ({whyLocal}).");
    }

    private static string OneLine(string text)
        => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
