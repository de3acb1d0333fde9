namespace TalentPlatform.Vocabulary.Validation;

/// <summary>
/// What text the platform stores. PostgreSQL refuses a NUL character in text and jsonb, and the other
/// control characters (C0 but tab, line feed and carriage return; DEL; C1) and unpaired surrogates are
/// never meaningful in a name, a title or a reason, so all of them are refused at the edge with a 400.
/// </summary>
public static class Text
{
    public const string ControlCharacterMessage = "The text holds a control character (such as \\u0000) or an unpaired surrogate, which is not allowed.";

    public static bool IsAllowed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ')
            {
                if (c is not ('\t' or '\n' or '\r'))
                {
                    return false;
                }
            }
            else if (c is >= '\u007f' and <= '\u009f')
            {
                return false;
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
