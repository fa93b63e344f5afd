using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// A definite path over JSON that is still only parsed reads the parsed element: the same selection as over the
/// materialised tree, without materialising anything, and the value it returns can be changed without changing
/// the input.
/// </summary>
public class JsonBackingElementTests
{
    private const string Document = """{"a":{"b":[10,{"c":"x"},null,[1.50]],"s":"é","t":true,"n":null},"e":{},"l":[]}""";

    [Fact]
    public void A_parsed_object_or_array_has_its_element_until_it_is_read()
    {
        var parsed = JsonNode.Parse(Document)!.AsObject();
        JsonBackingElement.IsAvailable.Should().BeTrue("the runtime keeps the element where the interpreter looks for it");
        JsonBackingElement.TryGet(parsed, out var element).Should().BeTrue();
        element.GetProperty("a").GetProperty("s").GetString().Should().Be("é");
        JsonBackingElement.TryGet(JsonNode.Parse("[1]"), out _).Should().BeTrue();

        _ = parsed["a"];

        JsonBackingElement.TryGet(parsed, out _).Should().BeFalse("a read materialises the object");
        JsonBackingElement.TryGet(parsed["a"], out _).Should().BeTrue("its members are not read yet");
        JsonBackingElement.TryGet(new JsonObject { ["a"] = 1 }, out _).Should().BeFalse();
        JsonBackingElement.TryGet(JsonValue.Create(1), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("$")]
    [InlineData("$.a")]
    [InlineData("$.a.b")]
    [InlineData("$.a.b[0]")]
    [InlineData("$.a.b[1].c")]
    [InlineData("$.a.b[-1][0]")]
    [InlineData("$.a.b[2]")]
    [InlineData("$.a.s")]
    [InlineData("$.a.t")]
    [InlineData("$.a.n")]
    [InlineData("$['e']")]
    [InlineData("$.l")]
    [InlineData("$.missing")]
    [InlineData("$.a.b[4]")]
    [InlineData("$.a.b[-5]")]
    [InlineData("$.a.s.deeper")]
    [InlineData("$.a[0]")]
    [InlineData("$.a.b.c")]
    [InlineData("$.a.n.x")]
    public void A_definite_path_selects_the_same_over_parsed_and_materialised_json(string path)
    {
        var compiled = JsonPath.Parse(path);
        var parsed = JsonNode.Parse(Document);
        var materialised = Materialised(JsonNode.Parse(Document));

        var foundParsed = compiled.TrySelect(parsed, out var fromParsed);
        var foundMaterialised = compiled.TrySelect(materialised, out var fromMaterialised);

        foundParsed.Should().Be(foundMaterialised);
        Sfn.Compact(fromParsed).Should().Be(Sfn.Compact(fromMaterialised));
        JsonValues.Kind(fromParsed).Should().Be(JsonValues.Kind(fromMaterialised));
        var unread = JsonNode.Parse(Document);
        compiled.Exists(unread).Should().Be(foundParsed, "IsPresent asks without making the node");
        compiled.Exists(materialised).Should().Be(foundMaterialised);
        JsonBackingElement.TryGet(unread, out _).Should().BeTrue("asking materialises nothing");
        if (path != "$")
        {
            JsonBackingElement.TryGet(parsed, out _).Should().BeTrue("selecting did not materialise the input");
        }
    }

    [Theory]
    [InlineData("$.é")]
    [InlineData("$['é']")]
    [InlineData("$['ab']")]
    [InlineData("$['\\ud83d\\ude00'].x")]
    [InlineData("$['missing']")]
    [InlineData("$['a b']")]
    public void A_member_with_a_name_beyond_ascii_or_escaped_in_the_text_is_found_as_in_materialised_json(string escapedPath)
    {
        // Member names are looked up in parsed JSON by their UTF-8 bytes: the same names must match, escaped or not.
        // The path comes escaped (\uXXXX): test data does not keep a surrogate pair intact.
        var path = System.Text.RegularExpressions.Regex.Unescape(escapedPath);
        const string document = """{"é":1,"a\u0062":2,"\ud83d\ude00":{"x":3},"a b":4}""";
        var compiled = JsonPath.Parse(path);

        var foundParsed = compiled.TrySelect(JsonNode.Parse(document), out var fromParsed);
        var foundMaterialised = compiled.TrySelect(Materialised(JsonNode.Parse(document)), out var fromMaterialised);

        foundParsed.Should().Be(foundMaterialised);
        foundParsed.Should().Be(path != "$['missing']", "every other name is in the document");
        Sfn.Compact(fromParsed).Should().Be(Sfn.Compact(fromMaterialised));
    }

    [Theory]
    [InlineData("\"é\"", "é", true)]
    [InlineData("\"\\u00e9\"", "é", true)]
    [InlineData("\"a\\\"b\"", "a\"b", true)]
    [InlineData("\"é\"", "e", false)]
    [InlineData("\"ab\"", "a", false)]
    [InlineData("1", "1", false)]
    [InlineData("null", "null", false)]
    public void String_equality_on_a_parsed_string_by_its_utf8_bytes_agrees_with_the_materialised_string(string json, string expected, bool equal)
    {
        var parsed = JsonNode.Parse("[" + json + "]")!.AsArray()[0];
        var materialised = Materialised(JsonNode.Parse("[" + json + "]"))!.AsArray()[0];
        var text = materialised is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;

        JsonValues.StringEquals(parsed, expected, JsonValues.Utf8OrNull(expected)).Should().Be(equal);
        JsonValues.StringEquals(parsed, expected).Should().Be(equal);
        (text == expected).Should().Be(equal);
    }

    [Fact]
    public void A_value_read_from_parsed_json_is_detached_and_changing_it_leaves_the_input_as_it_was()
    {
        var input = JsonNode.Parse(Document);

        JsonPath.Parse("$.a.b[1]").TrySelect(input, out var selected).Should().BeTrue();
        selected!.Parent.Should().BeNull();
        selected["c"] = "changed";
        new JsonObject { ["moved"] = selected };

        Sfn.Compact(input).Should().Be(Document);
    }

    [Theory]
    [InlineData("$")]
    [InlineData("$.a")]
    [InlineData("$.a.b")]
    public void A_copy_of_parsed_json_stays_over_its_element_and_changes_on_either_side_stay_on_that_side(string path)
    {
        var input = JsonNode.Parse(Document);
        JsonPath.Parse(path).TrySelect(input, out var selected).Should().BeTrue();
        var before = Sfn.Compact(selected);

        var copy = JsonValues.Clone(selected);

        copy.Should().NotBeSameAs(selected);
        copy!.Parent.Should().BeNull();
        Sfn.Compact(copy).Should().Be(before);
        JsonBackingElement.TryGet(copy, out _).Should().BeTrue("nothing is copied until the copy is changed");
        Change(copy);
        Sfn.Compact(selected).Should().Be(before, "changing the copy leaves the original as it was");
        var changedCopy = Sfn.Compact(copy);
        Change(selected!);
        Sfn.Compact(copy).Should().Be(changedCopy, "changing the original leaves the copy as it was");
    }

    [Theory]
    [InlineData("\"é\"")]
    [InlineData("1.50")]
    [InlineData("true")]
    [InlineData("false")]
    public void A_copy_of_a_parsed_scalar_is_a_new_node_with_the_same_value(string json)
    {
        var parsed = JsonNode.Parse("[" + json + "]")!.AsArray()[0];

        var copy = JsonValues.Clone(parsed);

        copy.Should().NotBeSameAs(parsed);
        copy!.Parent.Should().BeNull();
        Sfn.Compact(copy).Should().Be(Sfn.Compact(parsed));
        JsonValues.Kind(copy).Should().Be(JsonValues.Kind(parsed));
    }

    [Fact]
    public void A_copy_of_a_built_tree_is_a_deep_copy()
    {
        var built = new JsonObject { ["a"] = new JsonArray(1, new JsonObject { ["b"] = "x" }) };

        var copy = JsonValues.Clone(built)!;
        copy["a"]![1]!["b"] = "y";

        Sfn.Compact(built).Should().Be("""{"a":[1,{"b":"x"}]}""");
        Sfn.Compact(copy).Should().Be("""{"a":[1,{"b":"y"}]}""");
    }

    private static void Change(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj["added"] = obj.Count;
                break;
            case JsonArray array:
                array.Add(array.Count);
                break;
        }
    }

    [Fact]
    public void An_execution_reading_parsed_input_gives_the_output_it_gives_on_materialised_input()
    {
        const string definition = """
            {"StartAt":"Check","States":{
              "Check":{"Type":"Choice","Choices":[{"Variable":"$.a.b[1].c","StringEquals":"x","Next":"Pick"}],"Default":"Fail"},
              "Pick":{"Type":"Pass","InputPath":"$.a.b","ResultPath":"$.picked","Next":"Change"},
              "Change":{"Type":"Pass","Result":"y","ResultPath":"$.picked[1].c","Next":"Shape"},
              "Shape":{"Type":"Pass","Parameters":{"first.$":"$.picked[0]","changed.$":"$.picked[1]","input.$":"$$.Execution.Input.a.b[1]"},"End":true},
              "Fail":{"Type":"Fail","Error":"E"}}}
            """;
        var parsed = JsonNode.Parse(Document);
        var materialised = Materialised(JsonNode.Parse(Document));

        var fromParsed = Run(definition, parsed);
        var fromMaterialised = Run(definition, materialised);

        fromParsed.ShouldSucceedWith("""{"first":10,"changed":{"c":"y"},"input":{"c":"x"}}""");
        Sfn.Compact(fromParsed.Output).Should().Be(Sfn.Compact(fromMaterialised.Output));
        Sfn.Compact(parsed).Should().Be(Document);
    }

    private static ExecutionResult Run(string definition, JsonNode? input) =>
        new StepFunctionsInterpreter(new LocalServices(), new InstantClock(Sfn.Epoch))
            .ExecuteAsync(StateMachineDefinition.Parse(definition), input, new ExecutionContextOptions(), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Reads every member, so that no node of the tree is backed by its element any more.</summary>
    private static JsonNode? Materialised(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Materialised(value);
                }

                JsonBackingElement.TryGet(obj, out _).Should().BeFalse();
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Materialised(item);
                }

                break;
        }

        return node;
    }
}
