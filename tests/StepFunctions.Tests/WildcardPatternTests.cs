using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// StringMatches without a regex, and on a parsed string's UTF-8 bytes: the same answers as the anchored regex the
/// pattern used to compile to, for .NET strings, parsed strings with and without escapes, and values that are not strings.
/// </summary>
public class WildcardPatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a*a", "a", false)]
    [InlineData("a*a", "aa", true)]
    [InlineData("**", "x", true)]
    [InlineData("*_Batch_*", "arn:aws:ecs:us-east-1:1:cluster/AWSBatch-ce_Batch_12", true)]
    [InlineData("*AWSBatch-*", "arn:aws:ecs:us-east-1:1:cluster/other", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("a\\\\b", "a\\b", true)]
    [InlineData("trailing\\", "trailing\\", true)]
    [InlineData("é*😀", "é-😀", true)]
    [InlineData("*b*b*", "abab", true)]
    [InlineData("*b*b*", "ab", false)]
    [InlineData("line*end", "line\nend", true)]
    public void Matches_as_the_anchored_regex_did(string pattern, string text, bool expected)
    {
        var compiled = new WildcardPattern(pattern);

        compiled.Matches(text).Should().Be(expected);
        Reference(pattern, text).Should().Be(expected);
        compiled.MatchesValue(Parsed(text)).Should().Be(expected, "a parsed string in place");
        compiled.MatchesValue(JsonValue.Create(text)).Should().Be(expected, "a .NET string value");
        compiled.MatchesValue(ParsedEscaped(text)).Should().Be(expected, "a parsed string with escapes");
    }

    [Fact]
    public void Random_patterns_and_texts_agree_with_the_regex_in_every_form()
    {
        var random = new Random(42);
        const string alphabet = "ab*\\é😀\"/";
        for (var i = 0; i < 4000; i++)
        {
            var pattern = Draw(random, alphabet, random.Next(0, 7));
            var text = Draw(random, alphabet.Replace("*", "", StringComparison.Ordinal) + "*", random.Next(0, 9));
            var compiled = new WildcardPattern(pattern);
            var expected = Reference(pattern, text);

            compiled.Matches(text).Should().Be(expected, $"{pattern} on {text}");
            compiled.MatchesValue(Parsed(text)).Should().Be(expected, $"{pattern} on parsed {text}");
            compiled.MatchesValue(ParsedEscaped(text)).Should().Be(expected, $"{pattern} on escaped {text}");
        }
    }

    [Fact]
    public void A_value_that_is_not_a_string_does_not_match_even_a_lone_star()
    {
        var compiled = new WildcardPattern("*");

        compiled.MatchesValue(JsonNode.Parse("""{"n":1}""")!["n"]).Should().BeFalse();
        compiled.MatchesValue(JsonNode.Parse("""{"o":{}}""")!["o"]).Should().BeFalse();
        compiled.MatchesValue(JsonNode.Parse("""{"t":true}""")!["t"]).Should().BeFalse();
        compiled.MatchesValue(null).Should().BeFalse();
    }

    [Fact]
    public void A_pattern_with_a_lone_surrogate_still_matches_strings_by_their_characters()
    {
        var pattern = "a*\uD800";
        var compiled = new WildcardPattern(pattern);

        compiled.Matches("ab\uD800").Should().Be(Reference(pattern, "ab\uD800")).And.BeTrue();
        compiled.MatchesValue(Parsed("ab")).Should().BeFalse();
    }

    [Fact]
    public void Or_and_And_stop_at_the_first_deciding_condition_as_before()
    {
        // The second condition reads a missing path, a States.Runtime error if evaluated.
        const string definition = """
            {"StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[
                {"Or":[{"Variable":"$.c","StringMatches":"*Batch*"},{"Variable":"$.missing","StringEquals":"x"}],"Next":"Or"},
                {"And":[{"Variable":"$.c","StringMatches":"nope*"},{"Variable":"$.missing","StringEquals":"x"}],"Next":"And"}],
                "Default":"Default"},
              "Or":{"Type":"Pass","Result":"or","End":true},
              "And":{"Type":"Pass","Result":"and","End":true},
              "Default":{"Type":"Pass","Result":"default","End":true}}}
            """;

        Sfn.Run(definition, """{"c":"AWSBatch-1"}""").ShouldSucceedWith("\"or\"");
        Sfn.Run(definition, """{"c":"other"}""").Error.Should().Be(StatesErrors.Runtime, "Or goes on to the second condition");
        Sfn.Run(definition, """{"c":"nope-and-no-batch"}""").Error.Should().Be(StatesErrors.Runtime, "And goes on past a true first condition");
    }

    private static bool Reference(string pattern, string text)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                regex.Append(c == '*' ? ".*" : Regex.Escape(c.ToString()));
            }
        }

        return Regex.IsMatch(text, regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    private static string Draw(Random random, string alphabet, int length)
    {
        var text = new StringBuilder();
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var parts = new List<string>();
        while (elements.MoveNext())
        {
            parts.Add((string)elements.Current);
        }

        for (var i = 0; i < length; i++)
        {
            text.Append(parts[random.Next(parts.Count)]);
        }

        return text.ToString();
    }

    // The string as the writer's relaxed encoder writes it: UTF-8 in place, escaped only where JSON requires.
    private static JsonNode? Parsed(string text) =>
        JsonDocument.Parse("{\"x\":" + JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "}")
            .RootElement.GetProperty("x") is var element ? JsonValue.Create(element) : null;

    // Every non-ASCII character as a \u escape.
    private static JsonNode? ParsedEscaped(string text) =>
        JsonValue.Create(JsonDocument.Parse("{\"x\":" + JsonSerializer.Serialize(text) + "}").RootElement.GetProperty("x"));
}
