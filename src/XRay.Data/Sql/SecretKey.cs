using System.Text;

namespace XRay.Data;

/// <summary>
/// Recognises the connection-string and URL keys whose values are secrets, by the words they are made of rather than
/// by a list of known keys: a provider's own spelling, an application's invented one, or a driver's extension all count.
/// </summary>
/// <remarks>
/// A key is reduced to its letters and digits (case, spaces, underscores, dashes, dots and full-width forms ignored,
/// accents too where the runtime can decompose them) and is secret when that contains any of <see cref="Stems"/>
/// anywhere: <c>Password</c>, <c>PWD</c>, <c>SSL Password</c>, <c>Passphrase</c>, <c>client_secret</c>,
/// <c>AccessToken</c>, <c>api-key</c>, <c>SslKey</c>, <c>AccountKey</c>, <c>Authorization</c>,
/// <c>SharedAccessSignature</c>, <c>sig</c>, <c>Jwt</c>. Matching inside words is deliberate: keys glued without
/// separators (<c>sslpassword</c>, <c>accountkey</c>) have no word boundaries to find. Its false positives are
/// accepted, because a harmless setting lost from the record costs nothing and a secret kept costs everything:
/// <c>Authentication</c> (a mode), <c>AllowPublicKeyRetrieval</c> (a flag), <c>Passive</c>, and any key holding
/// <c>sig</c> (<c>Design…</c>, <c>Signal…</c>). <c>Keepalive</c>, <c>Tcp Keepalive</c> and the other common settings
/// hold none of the stems and stay.
/// </remarks>
internal static class SecretKey
{
    /// <summary>The word stems that make a key secret.</summary>
    internal static readonly string[] Stems =
    [
        "pass", "pwd", "psw", "secret", "token", "key", "credential", "auth", "sig", "jwt", "bearer",
    ];

    /// <summary>True when <paramref name="key"/> names a secret.</summary>
    public static bool IsSecret(ReadOnlySpan<char> key)
    {
        Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
        return HasStem(Letters(key, buffer));
    }

    /// <summary>True when a key reduced by <see cref="Letters"/> contains a secret stem.</summary>
    internal static bool HasStem(ReadOnlySpan<char> letters)
    {
        foreach (var stem in Stems)
        {
            if (letters.Contains(stem, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    /// <summary>The key's letters and digits in lower case, without accents and in their plain (not full-width) forms.</summary>
    internal static ReadOnlySpan<char> Letters(ReadOnlySpan<char> key, Span<char> buffer)
    {
        var source = Ascii.IsValid(key) ? key : Decompose(key);

        if (source.Length > buffer.Length)
            buffer = new char[source.Length];
        var length = 0;
        foreach (var c in source)
        {
            // Full-width forms by hand as well: without ICU (invariant globalization) normalization leaves them.
            var plain = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            if (char.IsLetterOrDigit(plain))
                buffer[length++] = char.ToLowerInvariant(plain);
        }

        return buffer[..length];
    }

    // Compatibility decomposition turns accented and full-width letters into plain letters plus marks (with ICU).
    private static ReadOnlySpan<char> Decompose(ReadOnlySpan<char> key)
    {
        var text = key.ToString();
        try
        {
            return text.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            // A lone surrogate: the letters around it are read as they are.
            return text;
        }
    }
}
