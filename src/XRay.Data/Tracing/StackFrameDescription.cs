namespace XRay.Data;

/// <summary>One frame of a recorded exception's stack: <c>{path, line, label}</c>.</summary>
public sealed class StackFrameDescription
{
    internal StackFrameDescription(string? path, int line, string label)
    {
        Path = path;
        Line = line;
        Label = label;
    }

    /// <summary>The source file, when symbols are available.</summary>
    public string? Path { get; }

    /// <summary>The line number, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The method, as <c>Namespace.Type.Method</c>.</summary>
    public string Label { get; }
}
