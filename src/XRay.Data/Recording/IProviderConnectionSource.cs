using System.Data.Common;

namespace XRay.Data;

/// <summary>
/// A wrapper whose executions <see cref="SqlRecorder.Records"/> guards. Its provider connection is asked for only
/// when the context-missing strategy must name a call, so the guard of a call nothing records asks the provider nothing.
/// </summary>
internal interface IProviderConnectionSource
{
    /// <summary>The provider's connection that describes the wrapper's calls; null when it has none.</summary>
    DbConnection? ProviderConnection { get; }
}
