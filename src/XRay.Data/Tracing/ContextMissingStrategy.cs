namespace XRay.Data;

/// <summary>What happens when a subsegment is begun with no segment current (<c>AWS_XRAY_CONTEXT_MISSING</c>).</summary>
public enum ContextMissingStrategy
{
    /// <summary><c>LOG_ERROR</c>: log once, then carry on untraced.</summary>
    LogError,

    /// <summary><c>RUNTIME_ERROR</c>: throw <see cref="ContextMissingException"/>.</summary>
    RuntimeError,

    /// <summary><c>IGNORE_ERROR</c>: carry on untraced, silently.</summary>
    IgnoreError,
}
