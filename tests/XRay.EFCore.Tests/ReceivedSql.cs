using XRay.Testing;

namespace XRay.EFCore.Tests;

/// <summary>Reads the fields of a received sql subsegment that the tests check.</summary>
internal static class ReceivedSql
{
    /// <summary>The sql subsegments under an entity, depth first.</summary>
    public static List<ReceivedEntity> SqlSubsegments(this ReceivedEntity entity)
        => [.. entity.DescendantsAndSelf().Where(e => e.Sql is not null)];

    public static string? Query(this ReceivedEntity entity) => (string?)entity.Sql?["sanitized_query"];

    public static long? RowsRead(this ReceivedEntity entity) => (long?)entity.Json["metadata"]?["sql"]?["rows_read"];

    public static long? RowsAffected(this ReceivedEntity entity) => (long?)entity.Json["metadata"]?["sql"]?["rows_affected"];

    public static string? CommandSource(this ReceivedEntity entity)
        => (string?)entity.Json["metadata"]?[XRayInterceptor.MetadataNamespace]?["command_source"];

    public static string? ContextType(this ReceivedEntity entity)
        => (string?)entity.Json["metadata"]?[XRayInterceptor.MetadataNamespace]?["context"];

    /// <summary>True when the entity ended: an end time and no <c>in_progress</c>.</summary>
    public static bool Closed(this ReceivedEntity entity) => entity.Json["end_time"] is not null && !entity.Flag("in_progress");

    public static double EndTime(this ReceivedEntity entity) => (double)entity.Json["end_time"]!;
}
