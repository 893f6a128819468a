using System.Globalization;
using System.Text;
using XRay.Data;

namespace XRay.Benchmarks;

/// <summary>
/// Realistic queries of 100 to 2,000 characters: EF Core and hand-written selects with string and number literals,
/// multi-row inserts, updates, IN lists, tagged and commented queries, and parameterized queries without literals.
/// </summary>
public static class SanitizerCorpus
{
    /// <summary>Each query with the dialect of the provider that would send it.</summary>
    public static IReadOnlyList<(SqlDialect Dialect, string Sql)> Queries { get; } = Build();

    private static List<(SqlDialect, string)> Build()
    {
        var queries = new List<(SqlDialect, string)>
        {
            (SqlDialect.PostgreSql, "SELECT o.\"Id\", o.\"CustomerId\", o.\"Total\", o.\"CreatedAt\" FROM \"Orders\" AS o WHERE o.\"Status\" = 'shipped' AND o.\"Total\" > 250.00 ORDER BY o.\"CreatedAt\" DESC LIMIT 50"),
            (SqlDialect.PostgreSql, "-- GetCustomerOrders: customer 48213 requested from web\nSELECT c.\"Id\", c.\"Name\", c.\"Email\", o.\"Id\", o.\"Total\"\nFROM \"Customers\" AS c\nLEFT JOIN \"Orders\" AS o ON c.\"Id\" = o.\"CustomerId\"\nWHERE c.\"Email\" = 'jane.doe@example.com' AND o.\"CreatedAt\" >= '2024-01-01T00:00:00Z'::timestamptz\nORDER BY c.\"Id\", o.\"Id\""),
            (SqlDialect.PostgreSql, "SELECT u.\"Id\", u.\"UserName\", u.\"NormalizedEmail\", u.\"LockoutEnd\", u.\"AccessFailedCount\" FROM \"AspNetUsers\" AS u WHERE u.\"NormalizedUserName\" = @__normalizedUserName_0 LIMIT 1"),
            (SqlDialect.PostgreSql, "UPDATE \"Inventory\" SET \"Quantity\" = \"Quantity\" - 3, \"UpdatedAt\" = now(), \"Note\" = E'restocked by \\'ops\\'' WHERE \"Sku\" = 'SKU-000184-XL' AND \"WarehouseId\" = 17 RETURNING \"Quantity\""),
            (SqlDialect.PostgreSql, "SELECT p.id, p.title, p.body FROM posts p WHERE p.tags @> '{\"lang\": \"en\"}'::jsonb AND p.metadata->>'author' = 'kim' AND p.score BETWEEN -5 AND 1.5e3 /* ranked */ ORDER BY p.score DESC"),
            (SqlDialect.SqlServer, "SELECT TOP(25) [p].[ProductId], [p].[Name], [p].[ListPrice], [c].[Name] AS [Category] FROM [Production].[Product] AS [p] INNER JOIN [Production].[Category] AS [c] ON [p].[CategoryId] = [c].[CategoryId] WHERE [p].[Name] LIKE N'%bike%' AND [p].[ListPrice] >= 499.99 AND [p].[SellStartDate] < '2025-06-30'"),
            (SqlDialect.SqlServer, "SET NOCOUNT ON;\r\nINSERT INTO [dbo].[AuditLog] ([UserId], [Action], [Payload], [CreatedAt])\r\nVALUES (1042, N'login', N'{\"ip\":\"10.1.2.3\",\"agent\":\"Mozilla/5.0\"}', '2025-03-14T09:26:53.589');\r\nSELECT CAST(SCOPE_IDENTITY() AS int);"),
            (SqlDialect.SqlServer, "SELECT [o].[OrderId], [o].[OrderDate], [o].[Freight] FROM [Orders] AS [o] WHERE [o].[CustomerId] = @__customerId_0 AND [o].[ShipCountry] = @__country_1 ORDER BY [o].[OrderDate] DESC OFFSET @__p_2 ROWS FETCH NEXT @__p_3 ROWS ONLY"),
            (SqlDialect.MySql, "SELECT `id`, `email`, `created_at` FROM `users` WHERE `status` = 'active' AND `country` = \"DE\" AND `last_login` > '2025-01-01 00:00:00' AND `name` LIKE 'O\\'Brien%' # legacy report\nORDER BY `created_at` DESC LIMIT 100 OFFSET 200"),
            (SqlDialect.MySql, "UPDATE `sessions` SET `expires_at` = '2025-12-31 23:59:59', `payload` = 'a:2:{s:4:\"user\";i:42;s:5:\"token\";s:32:\"9f86d081884c7d659a2feaa0c55ad015\";}' WHERE `id` = 'b4c1e0f2-7a3d-4e5f-9a8b-1c2d3e4f5a6b'"),
            (SqlDialect.Generic, "select id, name from accounts where id = ? and tenant_id = ? and deleted_at is null"),
        };

        queries.Add((SqlDialect.PostgreSql, InList(120)));
        queries.Add((SqlDialect.SqlServer, InStrings(60)));
        queries.Add((SqlDialect.PostgreSql, MultiRowInsert(18)));
        queries.Add((SqlDialect.MySql, MultiRowInsert(30).Replace("\"", "`", StringComparison.Ordinal)));
        queries.Add((SqlDialect.PostgreSql, EfProjection()));
        queries.Add((SqlDialect.SqlServer, Report()));
        return queries;
    }

    private static string InList(int count)
    {
        var sql = new StringBuilder("SELECT e.\"Id\", e.\"Kind\", e.\"Payload\" FROM \"Events\" AS e WHERE e.\"StreamId\" IN (");
        for (var i = 0; i < count; i++)
            sql.Append(i == 0 ? "" : ", ").Append((i * 7919 % 100_000).ToString(CultureInfo.InvariantCulture));
        return sql.Append(") AND e.\"Kind\" <> 'heartbeat' ORDER BY e.\"Id\"").ToString();
    }

    private static string InStrings(int count)
    {
        var sql = new StringBuilder("SELECT [s].[Code], [s].[Description] FROM [dbo].[StatusCodes] AS [s] WHERE [s].[Code] IN (");
        for (var i = 0; i < count; i++)
            sql.Append(i == 0 ? "" : ", ").Append("N'ST-").Append(i.ToString("D4", CultureInfo.InvariantCulture)).Append('\'');
        return sql.Append(')').ToString();
    }

    private static string MultiRowInsert(int rows)
    {
        var sql = new StringBuilder("INSERT INTO \"LineItems\" (\"OrderId\", \"Sku\", \"Quantity\", \"UnitPrice\", \"Note\") VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "" : ", ")
                .Append('(').Append(90_000 + i).Append(", 'SKU-").Append(i * 37).Append("', ").Append(i % 5 + 1)
                .Append(", ").Append((i * 3.25).ToString("0.00", CultureInfo.InvariantCulture)).Append(", 'gift wrap, no invoice')");
        }

        return sql.ToString();
    }

    private static string EfProjection() =>
        "SELECT o.\"Id\", o.\"Number\", o.\"PlacedAt\", c.\"Id\", c.\"DisplayName\", c.\"Tier\", a.\"Street\", a.\"City\", a.\"PostalCode\", a.\"Country\",\n" +
        "       s.\"Id\", s.\"Carrier\", s.\"TrackingNumber\", s.\"ShippedAt\", s.\"DeliveredAt\", (\n" +
        "           SELECT COALESCE(sum(l.\"Quantity\"::numeric * l.\"UnitPrice\"), 0.0)\n" +
        "           FROM \"LineItems\" AS l\n" +
        "           WHERE o.\"Id\" = l.\"OrderId\") AS \"Total\", (\n" +
        "           SELECT count(*)::int\n" +
        "           FROM \"Returns\" AS r\n" +
        "           WHERE o.\"Id\" = r.\"OrderId\" AND r.\"Status\" <> 'rejected') AS \"ReturnCount\"\n" +
        "FROM \"Orders\" AS o\n" +
        "INNER JOIN \"Customers\" AS c ON o.\"CustomerId\" = c.\"Id\"\n" +
        "LEFT JOIN \"Addresses\" AS a ON o.\"ShippingAddressId\" = a.\"Id\"\n" +
        "LEFT JOIN \"Shipments\" AS s ON o.\"Id\" = s.\"OrderId\"\n" +
        "WHERE o.\"PlacedAt\" >= @__from_0 AND o.\"PlacedAt\" < @__to_1 AND c.\"Tier\" = ANY (@__tiers_2) AND (a.\"Country\" IS NULL OR a.\"Country\" <> 'XX')\n" +
        "ORDER BY o.\"PlacedAt\" DESC, o.\"Id\"\n" +
        "LIMIT @__p_3 OFFSET @__p_4";

    private static string Report() =>
        "/* nightly revenue report, run by svc-reporting */\r\n" +
        "WITH [daily] AS (\r\n" +
        "    SELECT CAST([o].[OrderDate] AS date) AS [Day], SUM([d].[UnitPrice] * [d].[Quantity] * (1.0 - [d].[Discount])) AS [Revenue]\r\n" +
        "    FROM [Sales].[Orders] AS [o]\r\n" +
        "    INNER JOIN [Sales].[OrderDetails] AS [d] ON [d].[OrderId] = [o].[OrderId]\r\n" +
        "    WHERE [o].[OrderDate] >= '2025-01-01' AND [o].[OrderDate] < '2025-02-01' AND [o].[Region] = N'EMEA'\r\n" +
        "    GROUP BY CAST([o].[OrderDate] AS date)\r\n" +
        ")\r\n" +
        "SELECT [Day], [Revenue], AVG([Revenue]) OVER (ORDER BY [Day] ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS [Rolling7]\r\n" +
        "FROM [daily]\r\n" +
        "WHERE [Revenue] > 10000 -- ignore holidays\r\n" +
        "ORDER BY [Day];";
}
