namespace XRay.Data;

/// <summary>The JSON type a recorded annotation or metadata value is written as.</summary>
internal enum RecordedValueKind
{
    Null,
    String,
    Integer,
    Floating,
    Boolean,
    Json,
}
