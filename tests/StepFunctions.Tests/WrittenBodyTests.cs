using System.Text;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// Message bodies are written in place in their pooled arrays, each array sized by the body before, with names
/// encoded once per template: whatever order of sizes and whatever names, a written body must be exactly the text
/// of the evaluated value (the general path), and a write that fails must leave the next body whole.
/// </summary>
public class WrittenBodyTests
{
    [Fact]
    public void Bodies_of_growing_and_shrinking_sizes_are_each_the_text_of_their_evaluated_value()
    {
        var compiled = PayloadTemplate.Compile(JsonNode.Parse("""{"MessageBody":{"schema":1,"event.$":"$","padding.$":"$.padding"}}"""), "S", "Parameters");
        var bodies = new List<ReadOnlyMemory<byte>>();
        var expected = new List<string>();

        foreach (var size in new[] { 10, 3_000, 5_000, 200, 70_000, 600_000, 1_000, 9 })
        {
            var scope = Scope($$"""{"id":"e-{{size}}","padding":"{{new string('x', size)}}"}""");
            bodies.Add(Body(compiled.EvaluateWithTextField(scope, "MessageBody")));
            expected.Add(JsonValues.ToCompactJson(compiled.Evaluate(scope)!["MessageBody"]));
        }

        // Read only after all were written: no body shares an array with a later one.
        bodies.Select(body => Encoding.UTF8.GetString(body.Span)).Should().Equal(expected);
        bodies.Should().OnlyContain(body => PooledMessageBody.TryRelease(body));
    }

    [Fact]
    public void Names_that_need_escaping_are_written_as_the_general_path_writes_them()
    {
        var template = """{"MessageBody":{"quote\"d":1,"<tag>&amp;":2,"caf\u00e9 \ud83d\ude00":3,"tab\t.$":"$.id","plain":{"nested\\":true,"x.$":"$.id"}}}""";
        var compiled = PayloadTemplate.Compile(JsonNode.Parse(template), "S", "Parameters");
        var scope = Scope("""{"id":"e-1"}""");

        var written = Encoding.UTF8.GetString(Body(compiled.EvaluateWithTextField(scope, "MessageBody")).Span);

        written.Should().Be(JsonValues.ToCompactJson(compiled.Evaluate(scope)!["MessageBody"]));
        written.Should().Contain("café", "the compact form leaves non-ASCII letters unescaped");
    }

    [Fact]
    public void A_write_that_fails_leaves_the_next_body_whole()
    {
        var compiled = PayloadTemplate.Compile(JsonNode.Parse("""{"MessageBody":{"event.$":"$","missing.$":"$.nowhere.at.all"}}"""), "S", "Parameters");
        var fine = PayloadTemplate.Compile(JsonNode.Parse("""{"MessageBody":{"event.$":"$"}}"""), "S", "Parameters");
        var scope = Scope("""{"id":"e-1","detail":{"status":"RUNNING"}}""");

        var failing = () => compiled.EvaluateWithTextField(scope, "MessageBody");

        failing.Should().Throw<StatesErrorException>().WithMessage("*'$.nowhere.at.all'*'missing.$'*");
        Encoding.UTF8.GetString(Body(fine.EvaluateWithTextField(scope, "MessageBody")).Span).Should().Be("""{"event":{"id":"e-1","detail":{"status":"RUNNING"}}}""");
    }

    private static ReadOnlyMemory<byte> Body(JsonNode? parameters)
    {
        MessageText.TryGet(parameters!["MessageBody"], out var text).Should().BeTrue();
        return text.Utf8;
    }

    private static EvaluationScope Scope(string inputJson)
    {
        var input = JsonNode.Parse(inputJson);
        var run = new ExecutionRun(new LocalServices(), new InstantClock(Sfn.Epoch), new ExecutionContextOptions { StateMachineName = "M" }, input);
        return new EvaluationScope(input, new ContextObject(run), "S");
    }
}
