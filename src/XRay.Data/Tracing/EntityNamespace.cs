namespace XRay.Data;

/// <summary>An entity's namespace: X-Ray knows only these two, so a byte holds it where a string would cost 8.</summary>
internal enum EntityNamespace : byte
{
    None,
    Remote,
    Aws,
}
