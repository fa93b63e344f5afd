using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// A template field evaluated straight to text (what an SQS MessageBody becomes) must be exactly the compact JSON of
/// the value the template evaluates to, with the same errors, and must leave the input as it was.
/// </summary>
public class PayloadTemplateTextTests
{
    private const string Input = """{"s":"é<>\"q\"","n":1.50,"z":null,"o":{"a":[1,{"b":true}],"u":"\u2028"},"list":[{"v":1},{"v":2}]}""";

    public static TheoryData<string> Templates() => new()
    {
        """{"static":{"x":[1,"two",null]},"s.$":"$.s"}""",
        """{"whole.$":"$","ctx.$":"$$.Execution.Input","name.$":"$$.StateMachine.Name"}""",
        """{"n.$":"$.n","z.$":"$.z","nested":{"deep.$":"$.o.a[1]","arr":["k",{"v.$":"$.o.u"}]}}""",
        """{"all.$":"$.list[*].v","filtered.$":"$.list[?(@.v > 1)]"}""",
        """{"f.$":"States.Format('{}-{}', $.s, $.n)","j.$":"States.StringToJson('{\"a\":[1]}')","copy.$":"States.JsonMerge($.o, $.o, false)"}""",
        """{"a":1,"a.$":"$.o","b":2}""",
        """["x",{"y.$":"$.s"},[{"z.$":"$.z"}]]""",
        """{"s.$":"$.s"}""",
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Writing_a_template_gives_the_compact_json_of_its_value(string template)
    {
        var compiled = PayloadTemplate.Compile(JsonNode.Parse(template), "S", "Parameters");

        var text = compiled.EvaluateText(Scope(out var input));

        text.Should().Be(JsonValues.ToCompactJson(compiled.Evaluate(Scope(out _))));
        JsonValues.ToCompactJson(input).Should().Be(JsonValues.ToCompactJson(JsonNode.Parse(Input)), "writing only reads the input");
    }

    [Fact]
    public void The_text_field_holds_the_compact_json_of_its_value_and_the_other_fields_stay_json()
    {
        var compiled = PayloadTemplate.Compile(JsonNode.Parse("""{"QueueUrl":"q","MessageBody":{"event.$":"$$.Execution.Input","kind":"K"},"Other.$":"$.o"}"""), "S", "Parameters");

        var result = compiled.EvaluateWithTextField(Scope(out var input), "MessageBody")!.AsObject();

        JsonValues.TryGetString(result["MessageBody"], out var body).Should().BeTrue();
        body.Should().Be("""{"event":""" + JsonValues.ToCompactJson(input) + ""","kind":"K"}""");
        result["QueueUrl"]!.GetValue<string>().Should().Be("q");
        result["Other"].ShouldBeJson("""{"a":[1,{"b":true}],"u":"\u2028"}""");
        result["Other"].Should().NotBeSameAs(input!["o"], "fields that stay JSON are copies, as before");
    }

    [Fact]
    public void A_text_field_that_selects_a_string_keeps_the_string_itself()
    {
        var compiled = PayloadTemplate.Compile(JsonNode.Parse("""{"MessageBody.$":"$.s"}"""), "S", "Parameters");

        var result = compiled.EvaluateWithTextField(Scope(out _), "MessageBody")!.AsObject();

        // The text field is read as the invoker reads it: a JSON string value whose text is the selected string.
        JsonValues.TryGetString(result["MessageBody"], out var body).Should().BeTrue();
        body.Should().Be("é<>\"q\"");
        JsonValues.ToCompactJson(result["MessageBody"]).Should().Be(JsonValues.ToCompactJson(JsonValue.Create("é<>\"q\"")), "printed, it is the same JSON string");
    }

    [Fact]
    public void A_missing_path_in_the_text_field_fails_as_it_does_when_evaluated()
    {
        var compiled = PayloadTemplate.Compile(JsonNode.Parse("""{"MessageBody":{"x.$":"$.missing"}}"""), "S", "Parameters");

        var asText = FluentActions.Invoking(() => compiled.EvaluateWithTextField(Scope(out _), "MessageBody")).Should().Throw<StatesErrorException>().Which;
        var asJson = FluentActions.Invoking(() => compiled.Evaluate(Scope(out _))).Should().Throw<StatesErrorException>().Which;

        asText.Error.Should().Be(StatesErrors.Runtime);
        asText.Cause.Should().Be(asJson.Cause).And.Contain("'$.missing'").And.Contain("'x.$'").And.Contain("state 'S'");
    }

    private static EvaluationScope Scope(out JsonNode? input)
    {
        input = JsonNode.Parse(Input);
        var run = new ExecutionRun(new LocalServices(), new InstantClock(Sfn.Epoch), new ExecutionContextOptions { StateMachineName = "M" }, input);
        return new EvaluationScope(input, new ContextObject(run), "S");
    }
}
