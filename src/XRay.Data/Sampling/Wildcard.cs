namespace XRay.Data;

/// <summary>Case-insensitive glob matching with <c>*</c> (any run) and <c>?</c> (one character), without recursion.</summary>
internal static class Wildcard
{
    public static bool Matches(string pattern, string? text)
    {
        if (pattern == "*")
            return true;
        if (text is null)
            return false;

        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
