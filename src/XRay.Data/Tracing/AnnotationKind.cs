namespace XRay.Data;

/// <summary>The JSON type an annotation is written as.</summary>
internal enum AnnotationKind
{
    String,
    Integer,
    Floating,
    Boolean,
}
