using System.Text;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Checks that every name and string of a definition can be read as text. JSON lets a string escape half of a
/// surrogate pair ("\ud800"); the parser accepts it and only reading the string fails, which would otherwise surface
/// from deep inside the state that reads it as an unexplained crash instead of a definition error.
/// </summary>
internal static class DefinitionStrings
{
    public static void RequireReadable(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        while (reader.Read())
        {
            // Only an escape can spell a lone surrogate: unescaped text came from a .NET string, already UTF-16.
            if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    var (line, column) = Position(utf8, (int)reader.TokenStartIndex);
                    throw new DefinitionException(
                        $"The definition holds a {(reader.TokenType == JsonTokenType.PropertyName ? "name" : "string")} that is not valid Unicode (an escaped lone surrogate such as \\ud800) at line {line}, column {column}");
                }
            }
        }
    }

    private static (int Line, int Column) Position(ReadOnlySpan<byte> utf8, int offset)
    {
        var before = utf8[..offset];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (before.Count((byte)'\n') + 1, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
    }
}
