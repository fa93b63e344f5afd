using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>A ResultPath's eagerly built copy must behave as the lazy copy it replaced once written into.</summary>
public class MaterialisedCopyTests
{
    public static TheoryData<string> Objects => new()
    {
        """{"version":"0","id":"e-1","detail-type":"Batch Job State Change","detail":{"a":[1,{"b":null}],"c":"x"},"resources":[],"n":-1.50,"t":true,"z":null}""",
        """{}""",
        """{"na\u00efve":1,"esc\"aped":{"k":"v"},"\u0041":2,"ü":"é"}""",
        """{"same-hash-1":1,"same-hash-2":2,"ab":3,"ba":4}""",
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void The_copy_written_into_prints_as_the_lazy_copy_does(string json)
    {
        using var document = JsonDocument.Parse(json);
        var original = JsonObject.Create(document.RootElement)!;

        MaterialisedCopy.TryCreate(original, out var copy).Should().BeTrue();
        var lazy = (JsonObject)JsonValues.Clone(original)!;

        copy["kind"] = "K";
        lazy["kind"] = "K";
        copy.ToJsonString().Should().Be(lazy.ToJsonString());
        copy.Select(p => p.Key).Should().Equal(lazy.Select(p => p.Key), "members keep their order and their decoded names");

        // Twice, so the second copy takes its names from the cache.
        MaterialisedCopy.TryCreate(original, out var again).Should().BeTrue();
        again["kind"] = "K";
        again.ToJsonString().Should().Be(lazy.ToJsonString());

        // The original is not changed, nor adopted.
        original.ToJsonString().Should().Be(JsonNode.Parse(json)!.ToJsonString());
        foreach (var (_, value) in copy)
        {
            value?.Root.Should().BeSameAs(copy);
        }
    }

    [Fact]
    public void Only_objects_still_over_their_element_are_copied()
    {
        MaterialisedCopy.TryCreate(new JsonObject { ["a"] = 1 }, out _).Should().BeFalse("an object built node by node has no element");
        MaterialisedCopy.TryCreate(JsonNode.Parse("[1]"), out _).Should().BeFalse();
        MaterialisedCopy.TryCreate(JsonValue.Create(1), out _).Should().BeFalse();
        MaterialisedCopy.TryCreate(null, out _).Should().BeFalse();
    }

    [Fact]
    public void An_object_with_a_repeated_member_name_is_left_to_the_general_copy()
    {
        using var document = JsonDocument.Parse("""{"a":1,"a":2}""");
        MaterialisedCopy.TryCreate(JsonObject.Create(document.RootElement), out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_ResultPath_writes_into_a_copy_of_the_callers_input_and_leaves_the_input_as_it_was()
    {
        var definition = """
            {"StartAt":"K","States":{
              "K":{"Type":"Pass","Result":"JobStateChange","ResultPath":"$.kind","Next":"C"},
              "C":{"Type":"Pass","InputPath":"$.detail.c","ResultPath":"$.picked","End":true}}}
            """;
        var input = """{"id":"e-1","detail":{"c":"x","d":[1,2]},"n":1.0}""";
        using var document = JsonDocument.Parse(input);
        var node = JsonObject.Create(document.RootElement)!;
        var result = await new StepFunctionsInterpreter(new LocalServices(), new InstantClock(Sfn.Epoch))
            .ExecuteAsync(StateMachineDefinition.Parse(definition), node, new ExecutionContextOptions(), CancellationToken.None);
        result.Output!.ToJsonString().Should().Be("""{"id":"e-1","detail":{"c":"x","d":[1,2]},"n":1.0,"kind":"JobStateChange","picked":"x"}""");
        node.ToJsonString().Should().Be(input);
    }
}
