namespace XRay.Data.Tests.Tracing;

public sealed class XRayNamesTests
{
    [Theory]
    [InlineData("archiver", "archiver")]
    [InlineData("orders@db.example.com", "orders@db.example.com")]
    [InlineData("GET /items?id=1", "GET /items_id=1")]
    [InlineData("a<b>c\"d'e", "a_b_c_d_e")]
    [InlineData("café ünïcode", "café ünïcode")]
    [InlineData("emoji 🚀", "emoji __")]
    [InlineData("_ . : / % & # = + \\ - @", "_ . : / % & # = + \\ - @")]
    public void Names_keep_the_xray_charset_and_replace_the_rest(string input, string expected)
        => Assert.Equal(expected, XRayNames.CleanName(input, "fallback"));

    [Fact]
    public void Valid_names_are_returned_as_the_same_instance()
    {
        var name = "orders@127.0.0.1";
        Assert.Same(name, XRayNames.CleanName(name, "fallback"));
    }

    [Fact]
    public void Long_names_are_cut_to_200_characters()
        => Assert.Equal(200, XRayNames.CleanName(new string('n', 500), "fallback").Length);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_names_take_the_fallback(string? name) => Assert.Equal("fallback", XRayNames.CleanName(name, "fallback"));

    [Theory]
    [InlineData("status_code", "status_code")]
    [InlineData("status-code", "status_code")]
    [InlineData("http.status", "http_status")]
    [InlineData("naïve", "na_ve")]
    [InlineData("", "_")]
    public void Annotation_keys_become_alphanumeric_and_underscore(string key, string expected)
        => Assert.Equal(expected, XRayNames.CleanAnnotationKey(key));
}
