using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using XRay.Data;

namespace XRay.AspNetCore.Implementation;

/// <summary>
/// Builds a recorder's options in the order the AWS SDKs give precedence: the <c>XRay</c> configuration section, then
/// the application's code, then the <c>AWS_XRAY_*</c> variables, which win because the platform (ECS, Lambda, Elastic
/// Beanstalk) sets them where the application runs.
/// </summary>
internal static class XRayConfiguration
{
    public const string SectionName = "XRay";

    /// <summary>Reads the section's keys, named as <see cref="XRayRecorderOptions"/>' properties; a bad value is logged and skipped.</summary>
    public static void ReadSection(IConfiguration? configuration, XRayRecorderOptions options, string? contentRoot, ILogger logger)
    {
        if (configuration?.GetSection(SectionName) is not { } section || !section.Exists())
            return;

        if (section["DaemonAddress"] is { Length: > 0 } address)
        {
            if (DaemonAddress.TryParse(address, out var parsed))
                options.DaemonAddress = parsed!;
            else
                Invalid(logger, "DaemonAddress", address, "'host:port' or 'udp:host:port tcp:host:port'");
        }

        if (section["ContextMissing"] is { Length: > 0 } missing)
        {
            // LOG_ERROR as in the variable, or LogError as the enum names it.
            if (Enum.TryParse<ContextMissingStrategy>(missing.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var strategy)
                && Enum.IsDefined(strategy))
                options.ContextMissing = strategy;
            else
                Invalid(logger, "ContextMissing", missing, "LOG_ERROR, RUNTIME_ERROR or IGNORE_ERROR");
        }

        if (section["TracingName"] is { } name && !string.IsNullOrWhiteSpace(name))
            options.TracingName = name.Trim();

        if (section["Enabled"] is { Length: > 0 } enabled)
        {
            if (bool.TryParse(enabled, out var on))
                options.Enabled = on;
            else
                Invalid(logger, "Enabled", enabled, "true or false");
        }

        if (section["SamplingRulesFile"] is { Length: > 0 } file)
        {
            var path = contentRoot is null ? file : Path.Combine(contentRoot, file);
            try
            {
                options.SamplingRules = SamplingRules.Load(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                logger.LogError(ex, "XRay:SamplingRulesFile '{Path}' could not be used ({Message}); the default sampling rules apply.", path, ex.Message);
            }
        }

        if (section["StreamingThreshold"] is { Length: > 0 } threshold)
        {
            if (int.TryParse(threshold, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                options.StreamingThreshold = value;
            else
                Invalid(logger, "StreamingThreshold", threshold, "a whole number");
        }

        if (Positive(section, "QueueCapacity", logger) is { } capacity)
            options.QueueCapacity = capacity;
        if (Positive(section, "MaxOpenSegments", logger) is { } open)
            options.MaxOpenSegments = open;
    }

    /// <summary>
    /// Applies every <c>AWS_XRAY_*</c> variable that is set, over what configuration and code chose. The variables are
    /// parsed by <see cref="XRayRecorderOptions.FromEnvironment"/>, so a malformed one is logged there and its default
    /// applies, as the log line says.
    /// </summary>
    public static void ApplyVariables(XRayRecorderOptions options, Func<string, string?> variables, ILogger logger)
    {
        var fromVariables = XRayRecorderOptions.FromEnvironment(logger, variables);
        if (IsSet(variables, "AWS_XRAY_DAEMON_ADDRESS"))
            options.DaemonAddress = fromVariables.DaemonAddress;
        if (IsSet(variables, "AWS_XRAY_CONTEXT_MISSING"))
            options.ContextMissing = fromVariables.ContextMissing;
        if (IsSet(variables, "AWS_XRAY_TRACING_NAME"))
            options.TracingName = fromVariables.TracingName;
        if (IsSet(variables, "AWS_XRAY_SDK_ENABLED"))
            options.Enabled = fromVariables.Enabled;
    }

    /// <summary>The key's value when it is a positive whole number; null when absent, logged when anything else.</summary>
    private static int? Positive(IConfigurationSection section, string key, ILogger logger)
    {
        if (section[key] is not { Length: > 0 } text)
            return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            return value;
        Invalid(logger, key, text, "a positive whole number");
        return null;
    }

    private static bool IsSet(Func<string, string?> variables, string name) => !string.IsNullOrWhiteSpace(variables(name));

    private static void Invalid(ILogger logger, string key, string value, string expected)
        => logger.LogError("XRay:{Key} '{Value}' is not {Expected}; it is ignored.", key, value, expected);
}
