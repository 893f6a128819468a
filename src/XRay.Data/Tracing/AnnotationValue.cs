namespace XRay.Data;

/// <summary>An annotation's value without boxing: X-Ray indexes strings, numbers and booleans.</summary>
internal readonly struct AnnotationValue
{
    private AnnotationValue(AnnotationKind kind, string? text, long integer, double floating)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
        Floating = floating;
    }

    public AnnotationKind Kind { get; }

    public string? Text { get; }

    public long Integer { get; }

    public double Floating { get; }

    public static AnnotationValue Of(string value) => new(AnnotationKind.String, value, 0, 0);

    public static AnnotationValue Of(long value) => new(AnnotationKind.Integer, null, value, 0);

    public static AnnotationValue Of(double value) => new(AnnotationKind.Floating, null, 0, value);

    public static AnnotationValue Of(bool value) => new(AnnotationKind.Boolean, null, value ? 1 : 0, 0);
}
