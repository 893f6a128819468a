namespace XRay.AspNetCore.Implementation;

/// <summary>Where <c>AddXRay</c> reads the <c>AWS_XRAY_*</c> variables: the process environment, unless replaced.</summary>
/// <param name="Read">Returns a variable's value, or null when it is not set.</param>
internal sealed record XRayVariables(Func<string, string?> Read)
{
    public static XRayVariables Environment { get; } = new(System.Environment.GetEnvironmentVariable);
}
