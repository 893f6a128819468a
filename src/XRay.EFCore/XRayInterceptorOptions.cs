using XRay.Data;

namespace XRay.EFCore;

/// <summary>How <see cref="XRayDbCommandInterceptor"/> records EF Core commands.</summary>
public sealed class XRayInterceptorOptions
{
    /// <summary>The recorder that receives the subsegments; <see cref="XRayRecorder.Default"/> when null.</summary>
    public XRayRecorder? Recorder { get; set; }

    /// <summary>
    /// What of the command text reaches <c>sanitized_query</c>: the text with every literal replaced by <c>?</c>
    /// (the default), the text as sent, or nothing.
    /// </summary>
    public QueryCapture QueryCapture { get; set; } = QueryCapture.Sanitized;

    /// <summary>
    /// What of a failed command's exception messages reaches the <c>cause</c>: the messages with every quoted value
    /// replaced by <c>?</c> (the default), the messages as the provider wrote them, or none.
    /// </summary>
    public ErrorCapture ErrorCapture { get; set; } = ErrorCapture.Redacted;

    /// <summary>Keeps SQL comments (such as EF Core's <c>TagWith</c> tags) in the sanitized query.</summary>
    public bool KeepComments { get; set; }
}
