using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Support;

/// <summary>Random JSON for tests that compare two ways of writing it: every kind of value, and awkward strings.</summary>
internal static class RandomJsonValues
{
    /// <summary>Values with every kind of JSON, and strings drawn from characters the writer treats differently.</summary>
    public static JsonNode? Next(Random random, int depth)
    {
        const string characters = "aZ09 _-:,.{}[]\"\\/'<>&+`\t\n\u007f\u00e9\u2028\u4e2d";
        switch (random.Next(depth >= 4 ? 4 : 7))
        {
            case 0:
                return null;
            case 1:
                return JsonValue.Create(random.Next(2) == 0);
            case 2:
                return JsonNode.Parse(random.Next(3) switch { 0 => "1.50", 1 => "-2e-3", _ => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            case 3:
                var chars = new char[random.Next(8)];
                for (var i = 0; i < chars.Length; i++)
                {
                    // Mostly plain characters, so that many strings need no escaping.
                    chars[i] = random.Next(4) == 0 ? characters[random.Next(characters.Length)] : characters[random.Next(6)];
                }

                return JsonValue.Create(new string(chars));
            case 4:
            case 5:
                var obj = new JsonObject();
                for (var i = random.Next(5); i > 0; i--)
                {
                    obj[$"k{i}{(random.Next(6) == 0 ? " x" : "")}"] = Next(random, depth + 1);
                }

                return obj;
            default:
                var array = new JsonArray();
                for (var i = random.Next(5); i > 0; i--)
                {
                    array.Add(Next(random, depth + 1));
                }

                return array;
        }
    }
}
