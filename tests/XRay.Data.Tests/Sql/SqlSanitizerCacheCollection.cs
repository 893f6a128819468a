namespace XRay.Data.Tests.Sql;

/// <summary>Tests that observe the process-wide sanitizer cache; they must not share it with parallel tests.</summary>
[CollectionDefinition(nameof(SqlSanitizerCacheCollection), DisableParallelization = true)]
public sealed class SqlSanitizerCacheCollection;
