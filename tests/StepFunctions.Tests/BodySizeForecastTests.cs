using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// A message body's array is sized by what its template's last body had beyond its execution's input: bodies of
/// one template then fit their first array whatever the order of sizes, and the text is the general path's whatever
/// the forecast was.
/// </summary>
public class BodySizeForecastTests
{
    [Fact]
    public void A_template_that_wrote_nothing_yet_forecasts_nothing()
    {
        new BodySizeForecast().Expect(2_000).Should().Be(0, "0 lets the writer size the array by the previous body, as without a forecast");
    }

    [Fact]
    public void The_forecast_follows_the_input_length_with_what_the_last_body_added_to_its_input()
    {
        var forecast = new BodySizeForecast();

        forecast.Learn(bodyLength: 3_050, inputTextLength: 3_000);

        forecast.Expect(5_000).Should().Be(5_050 + BodySizeForecast.Margin);
        forecast.Expect(0).Should().Be(50 + BodySizeForecast.Margin, "an execution given no input text still gets the last body's excess");
    }

    [Fact]
    public void A_body_shorter_than_its_input_never_forecasts_a_negative_length()
    {
        var forecast = new BodySizeForecast();

        forecast.Learn(bodyLength: 40, inputTextLength: 3_000);

        forecast.Expect(100).Should().Be(BodySizeForecast.Margin);
    }

    [Fact]
    public void Bodies_written_with_their_length_expected_never_grow_while_bodies_sized_by_the_previous_one_do()
    {
        // Bodies written token by token, as a template writes them; each larger than the one before.
        int[] numbers = [500, 2_500, 10_000, 35_000];

        WriteAll(numbers, expect: true).Grown.Should().Be(0);
        WriteAll(numbers, expect: false).Grown.Should().BeGreaterThanOrEqualTo(numbers.Length - 1, "each body outgrew the array sized by the one before");
    }

    [Fact]
    public void Bodies_forecast_from_their_input_text_are_each_the_text_of_their_evaluated_value()
    {
        var compiled = PayloadTemplate.Compile(JsonNode.Parse("""{"MessageBody":{"schema":1,"kind.$":"$.kind","event.$":"$$.Execution.Input"}}"""), "S", "Parameters");
        var bodies = new List<ReadOnlyMemory<byte>>();
        var expected = new List<string>();

        foreach (var size in new[] { 3_000, 5_000, 200, 4_070, 4_100, 70_000, 9, 3_000 })
        {
            var scope = ScopeWithInputText($$"""{"kind":"K{{size}}","padding":"{{new string('x', size)}}"}""");
            var parameters = compiled.EvaluateWithTextField(scope, "MessageBody");
            MessageText.TryGet(parameters!["MessageBody"], out var text).Should().BeTrue();
            bodies.Add(text.Utf8);
            expected.Add(JsonValues.ToCompactJson(compiled.Evaluate(scope)!["MessageBody"]));
        }

        bodies.Select(body => Encoding.UTF8.GetString(body.Span)).Should().Equal(expected);
        bodies.Should().OnlyContain(body => PooledMessageBody.TryRelease(body));
    }

    private static PooledBodyWriter WriteAll(int[] numbers, bool expect)
    {
        var body = new PooledBodyWriter();
        using var writer = new Utf8JsonWriter(body);
        foreach (var count in numbers)
        {
            // "[0,0,...,0]": two bytes a number, plus the brackets, less one comma.
            var length = (2 * count) + 1;
            writer.Reset(body);
            body.Expect(expect ? length + BodySizeForecast.Margin : 0);
            writer.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                writer.WriteNumberValue(0);
            }

            writer.WriteEndArray();
            writer.Flush();
            var written = body.Detach();
            written.Length.Should().Be(length);
            written.Span.IndexOfAnyExcept("[0,]"u8).Should().Be(-1);
            PooledMessageBody.TryRelease(written).Should().BeTrue();
        }

        return body;
    }

    private static EvaluationScope ScopeWithInputText(string inputJson)
    {
        var input = JsonNode.Parse(inputJson);
        var options = new ExecutionContextOptions { StateMachineName = "M", InputText = Encoding.UTF8.GetBytes(inputJson) };
        var run = new ExecutionRun(new LocalServices(), new InstantClock(Sfn.Epoch), options, input);
        return new EvaluationScope(input, new ContextObject(run), "S");
    }
}
