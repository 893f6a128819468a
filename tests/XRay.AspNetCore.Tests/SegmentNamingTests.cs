using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using XRay.Testing;

namespace XRay.AspNetCore.Tests;

public sealed class SegmentNamingTests : IDisposable
{
    private readonly DaemonReceiver receiver = new();

    public void Dispose() => receiver.Dispose();

    [Theory]
    [InlineData("api.example.com", "api.example.com")]
    [InlineData("API.Example.com", "API.Example.com")]
    [InlineData("example.com", "storefront")]
    [InlineData("attacker.test", "storefront")]
    public void Dynamic_naming_uses_a_matching_host_else_the_fallback(string host, string expected)
    {
        var naming = SegmentNamingStrategy.Dynamic("storefront", "*.example.com");
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host, 8080);

        Assert.Equal(expected, naming.GetSegmentName(context.Request));
    }

    [Fact]
    public async Task Segments_are_named_by_the_strategy_from_the_requests_host()
    {
        await using var service = await TestService.StartAsync(receiver, app =>
        {
            app.UseXRay(SegmentNamingStrategy.Dynamic("storefront", "*.example.com"));
            app.MapGet("/", () => "ok");
        });

        await SendAsync(service, "shop.example.com");
        await SendAsync(service, "127.0.0.1");
        await service.Recorder.FlushAsync();

        var names = (await receiver.WaitForSegmentsAsync(2)).Select(segment => segment.Name).Order();
        Assert.Equal(["shop.example.com", "storefront"], names);
    }

    [Fact]
    public async Task AWS_XRAY_TRACING_NAME_overrides_the_fixed_name_and_the_dynamic_fallback()
    {
        var variables = new Dictionary<string, string?> { ["AWS_XRAY_TRACING_NAME"] = "from-environment" };
        await using var fixedName = await TestService.StartAsync(receiver, app =>
        {
            app.UseXRay("from-code");
            app.MapGet("/", () => "ok");
        }, variables: variables);
        await using var dynamic = await TestService.StartAsync(receiver, app =>
        {
            app.UseXRay(SegmentNamingStrategy.Dynamic("from-code", "*.example.com"));
            app.MapGet("/", () => "ok");
        }, variables: variables);

        await SendAsync(fixedName, "shop.example.com");
        await SendAsync(dynamic, "shop.example.com");
        await SendAsync(dynamic, "127.0.0.1");
        await fixedName.Recorder.FlushAsync();
        await dynamic.Recorder.FlushAsync();

        var names = (await receiver.WaitForSegmentsAsync(3)).Select(segment => segment.Name).Order();
        Assert.Equal(["from-environment", "from-environment", "shop.example.com"], names);
    }

    private static async Task SendAsync(TestService service, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;
        using var response = await service.Client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }
}
