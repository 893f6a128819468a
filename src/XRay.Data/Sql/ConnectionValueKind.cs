namespace XRay.Data;

/// <summary>The forms a connection-string value takes, for deciding what of it is recorded.</summary>
internal enum ConnectionValueKind
{
    /// <summary>Recorded as written.</summary>
    Whole,

    /// <summary>Only a part is recorded: the host after user information, the user before a password.</summary>
    Part,

    /// <summary>A URL: recorded as scheme, host, port and database only.</summary>
    Url,

    /// <summary>A SQLite file: recorded as its file name, without folders or URI parameters.</summary>
    File,

    /// <summary>A connection string of its own (EF6's <c>provider connection string</c>, OLE DB's <c>Extended Properties</c>): scrubbed in turn.</summary>
    Nested,

    /// <summary>Not recorded: a form that could hide a secret where it cannot be told apart.</summary>
    Unusable,
}
