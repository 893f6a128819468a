using System.Text.Json.Nodes;
using XRay.Testing;

namespace XRay.Data.Tests.Tracing;

/// <summary>
/// The public API cannot build a document the X-Ray API or the CloudWatch agent would refuse: such a value is cleaned
/// or refused when it is recorded, with one log line per kind, and the document sent is accepted.
/// </summary>
public sealed class RefusedInputTests
{
    private readonly ListLogger logger = new();

    private async Task<ReceivedEntity> RecordAsync(Action<Subsegment> record)
    {
        await using var harness = new TracingHarness(o => o.Logger = logger);
        using (harness.Recorder.BeginSegment("request"))
        {
            using var subsegment = harness.Recorder.BeginSubsegment("call");
            record(subsegment);
        }

        // The strict receiver throws if it refused the document: reaching the assertions means it was accepted.
        return Assert.Single(Assert.Single(await harness.SegmentsAsync()).Subsegments);
    }

    private string Warning(string containing) => Assert.Single(logger.Lines, line => line.Contains(containing, StringComparison.Ordinal));

    [Fact]
    public async Task Namespace_other_than_remote_or_aws_is_refused_and_the_previous_one_kept()
    {
        var received = await RecordAsync(s =>
        {
            s.Namespace = "local";
            Assert.Null(s.Namespace);
            s.Namespace = "remote";
            s.Namespace = "Remote";
            s.Namespace = "database";
        });

        Assert.Equal("remote", (string?)received.Json["namespace"]);
        Assert.Contains("'local'", Warning("namespace"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namespace_aws_replaces_remote_and_null_clears_it()
    {
        var aws = await RecordAsync(s =>
        {
            s.Namespace = "remote";
            s.Namespace = "aws";
            Assert.Equal("aws", s.Namespace);
        });
        var cleared = await RecordAsync(s =>
        {
            s.Namespace = "aws";
            s.Namespace = null;
            Assert.Null(s.Namespace);
        });

        Assert.Equal("aws", (string?)aws.Json["namespace"]);
        Assert.False(cleared.Json.ContainsKey("namespace"));
        Assert.Empty(logger.Lines);
    }

    [Fact]
    public async Task Aws_string_member_given_a_number_is_recorded_as_its_text()
    {
        var received = await RecordAsync(s =>
        {
            s.AddAws("account_id", 123456789012L);
            s.AddAws("region", 1.5);
        });

        Assert.Equal("123456789012", (string?)received.Json["aws"]!["account_id"]);
        Assert.Equal("1.5", (string?)received.Json["aws"]!["region"]);
        Assert.Contains("aws.account_id", Warning("aws."), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RefusedAwsValues))]
    public async Task Aws_member_of_the_wrong_shape_is_refused(string key, object? value)
    {
        var received = await RecordAsync(s =>
        {
            s.AddAws(key, value);
            s.AddAws("operation", "Query");
        });

        var aws = (JsonObject)received.Json["aws"]!;
        Assert.False(aws.ContainsKey(key));
        Assert.Equal("Query", (string?)aws["operation"]);
        Assert.Contains("aws." + key, Warning("aws."), StringComparison.Ordinal);
    }

    public static TheoryData<string, object?> RefusedAwsValues => new()
    {
        { "region", new object() },
        { "request_id", null },
        { "table_names", "orders" },
        { "resource_names", new object[] { "a", 1 } },
        { "retries", "3" },
        { "retries", 1.5 },
        { "ec2", "i-0123" },
        { "ec2", new { instance_id = 5 } },
        { "ecs", new[] { "container" } },
        { "eks", 42 },
        { "elastic_beanstalk", new { deployment_id = "seven" } },
        { "xray", new { auto_instrumentation = "yes" } },
        { "cloudwatch_logs", new { log_group = "app" } },
    };

    [Fact]
    public async Task Aws_members_of_the_right_shape_are_kept_as_given()
    {
        var received = await RecordAsync(s =>
        {
            s.AddAws("table_names", new List<string> { "orders", "items" });
            s.AddAws("retries", 2);
            s.AddAws("ec2", new { instance_id = "i-0123", availability_zone = "eu-west-1a" });
            s.AddAws("elastic_beanstalk", new { environment_name = "prod", deployment_id = 7 });
            s.AddAws("xray", new { sdk = "XRay.Data", auto_instrumentation = false });
            s.AddAws("cloudwatch_logs", new[] { new { log_group = "app", arn = "arn:aws:logs:x" } });
            s.AddAws("bucket_name", "anything goes for a member X-Ray does not type");
        });

        var aws = received.Json["aws"]!;
        Assert.Equal(["orders", "items"], aws["table_names"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(2, (int)aws["retries"]!);
        Assert.Equal("i-0123", (string?)aws["ec2"]!["instance_id"]);
        Assert.Equal(7, (int)aws["elastic_beanstalk"]!["deployment_id"]!);
        Assert.Equal("app", (string?)aws["cloudwatch_logs"]![0]!["log_group"]);
        Assert.NotNull(aws["bucket_name"]);
        Assert.Empty(logger.Lines);
    }

    [Fact]
    public async Task Annotation_key_outside_letters_digits_and_underscore_is_cleaned()
    {
        var received = await RecordAsync(s =>
        {
            s.AddAnnotation("order-id", 42);
            s.AddAnnotation(new string('k', 600), true);
        });

        var annotations = (JsonObject)received.Json["annotations"]!;
        Assert.Equal(42, (int)annotations["order_id"]!);
        Assert.True((bool)annotations[new string('k', XRayNames.MaxAnnotationKeyLength)]!);
        Assert.Contains("'order-id'", Warning("annotation key"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Annotation_that_json_cannot_hold_is_recorded_as_text_and_a_null_one_is_refused()
    {
        var received = await RecordAsync(s =>
        {
            s.AddAnnotation("nan", double.NaN);
            s.AddAnnotation("up", double.PositiveInfinity);
            s.AddAnnotation("down", double.NegativeInfinity);
            s.AddAnnotation("nothing", (string)null!);
            s.AddAnnotation("long", new string('v', 5000));
        });

        var annotations = (JsonObject)received.Json["annotations"]!;
        Assert.Equal("NaN", (string?)annotations["nan"]);
        Assert.Equal("Infinity", (string?)annotations["up"]);
        Assert.Equal("-Infinity", (string?)annotations["down"]);
        Assert.False(annotations.ContainsKey("nothing"));
        var text = (string?)annotations["long"];
        Assert.Equal(Entity.MaxAnnotationValueLength, text!.Length);
        Assert.EndsWith(Truncation.Marker, text, StringComparison.Ordinal);
        Assert.Single(logger.Lines);
    }

    [Fact]
    public async Task Metadata_that_json_cannot_hold_is_recorded_as_text_and_the_reserved_namespace_refused()
    {
        var received = await RecordAsync(s =>
        {
            s.AddMetadata("nan", double.NaN);
            s.AddMetadata("inf", float.PositiveInfinity);
            s.AddMetadata("nested", new { ratio = double.NaN });
            s.AddMetadata("xray", 1, "AWS.xray");
            s.AddMetadata("big", ulong.MaxValue);
        });

        var metadata = (JsonObject)received.Json["metadata"]!;
        Assert.Equal("NaN", (string?)metadata["default"]!["nan"]);
        Assert.Equal("Infinity", (string?)metadata["default"]!["inf"]);
        Assert.Contains("could not be serialized", (string?)metadata["default"]!["nested"], StringComparison.Ordinal);
        Assert.Equal(ulong.MaxValue, (ulong)metadata["default"]!["big"]!);
        Assert.False(metadata.ContainsKey("AWS.xray"));
        Assert.Single(logger.Lines, line => line.Contains("reserved", StringComparison.Ordinal));
        Assert.Equal(2, logger.Lines.Count);
    }

    [Fact]
    public async Task Each_kind_of_refusal_is_logged_once()
    {
        await RecordAsync(s =>
        {
            for (var i = 0; i < 10; i++)
            {
                s.Namespace = "local";
                s.AddAnnotation("a-" + i, i);
            }
        });

        Assert.Equal(2, logger.Lines.Count);
    }
}
