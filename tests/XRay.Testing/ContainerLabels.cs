namespace XRay.Testing;

/// <summary>
/// The labels on every container the test fixtures start. They let a later run find the containers of a test host
/// that was killed before it could remove them, and leave every other container alone.
/// </summary>
public static class ContainerLabels
{
    /// <summary>Marks a container as a test server of this project; the value is its role (<c>postgres</c>, <c>mariadb</c>).</summary>
    public const string Role = "org.xraydata.test";

    /// <summary>The <see cref="OwnerProcess"/> that started the container.</summary>
    public const string Owner = "org.xraydata.test.owner";

    /// <summary>The machine of the owner; a process id means nothing on another machine sharing the engine.</summary>
    public const string Host = "org.xraydata.test.host";

    /// <summary>The value of <c>XRAYDATA_TEST_RUN</c>, when set, so a script can check that its run left nothing behind.</summary>
    public const string Run = "org.xraydata.test.run";

    /// <summary>The labels for a container of the given role owned by this process.</summary>
    public static IReadOnlyDictionary<string, string> For(string role) => For(role, OwnerProcess.Current);

    /// <summary>The labels for a container of the given role owned by <paramref name="owner"/> on this machine.</summary>
    public static IReadOnlyDictionary<string, string> For(string role, string owner)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Role] = role,
            [Owner] = owner,
            [Host] = Environment.MachineName,
        };
        if (Environment.GetEnvironmentVariable("XRAYDATA_TEST_RUN") is { Length: > 0 } run)
            labels[Run] = run;
        return labels;
    }

    /// <summary>
    /// Whether a resource with these labels belongs to a test run on this machine whose process is gone. Anything
    /// without our role label, from another machine, or owned by a live process is not abandoned.
    /// </summary>
    public static bool IsAbandoned(IDictionary<string, string>? labels)
        => labels is not null
            && labels.ContainsKey(Role)
            && labels.TryGetValue(Host, out var host) && host == Environment.MachineName
            && !OwnerProcess.IsAlive(labels.TryGetValue(Owner, out var owner) ? owner : null);
}
