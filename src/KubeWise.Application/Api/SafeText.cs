using System.Text;

namespace KubeWise.Application.Api;

/// <summary>
/// The one check for text that arrives from a caller (body strings, headers, query values) before it goes anywhere:
/// well-formed Unicode (no unpaired surrogate, no invalid UTF-8 the host replaced) and no control characters but
/// newline and tab, within a length.
/// </summary>
public static class SafeText
{
    /// <returns>Null when <paramref name="text"/> is acceptable, else what is wrong with it (to show the caller).</returns>
    public static string? Problem(string text, int maxLength, bool allowNewlines = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength)
        {
            return $"at most {maxLength} characters (got {text.Length})";
        }

        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return "well-formed Unicode text (it holds an unpaired surrogate)";
            }

            if (rune == Rune.ReplacementChar)
            {
                return "valid UTF-8 text (it holds bytes that are not UTF-8)";
            }

            if (Rune.IsControl(rune) && !(allowNewlines && (rune.Value is '\n' or '\t')))
            {
                return "printable text (it holds a control character)";
            }

            span = span[used..];
        }

        return null;
    }
}
