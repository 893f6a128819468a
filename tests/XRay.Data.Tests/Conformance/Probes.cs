using System.Reflection;

namespace XRay.Data.Tests.Conformance;

/// <summary>
/// The probes: each a small scenario over generic ADO.NET that writes what it sees into its transcript. A probe is a
/// public static method taking a <see cref="ProbeContext"/>; this part finds them by name.
/// </summary>
internal static partial class Probes
{
    private static readonly Dictionary<string, Func<ProbeContext, Task>> All = Find(typeof(Probes));
    private static readonly Dictionary<string, Func<ProbeContext, Task>> ServerOnly = Find(typeof(ServerProbes));

    /// <summary>The names of the probes that apply to <paramref name="provider"/>.</summary>
    public static TheoryData<string> NamesFor(ProviderUnderTest provider)
    {
        var names = new TheoryData<string>();
        foreach (var name in All.Keys.Order(StringComparer.Ordinal))
            names.Add(name);
        if (provider == ProviderUnderTest.Npgsql)
        {
            foreach (var name in ServerOnly.Keys.Order(StringComparer.Ordinal))
                names.Add(name);
        }

        return names;
    }

    public static Func<ProbeContext, Task> Named(string name)
        => All.TryGetValue(name, out var probe) || ServerOnly.TryGetValue(name, out probe) ? probe : throw new ArgumentException($"No probe is named {name}.", nameof(name));

    private static Dictionary<string, Func<ProbeContext, Task>> Find(Type type)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(Task) && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(ProbeContext))
            .ToDictionary(m => m.Name, m => m.CreateDelegate<Func<ProbeContext, Task>>(), StringComparer.Ordinal);
}
