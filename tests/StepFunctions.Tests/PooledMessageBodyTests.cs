using System.Text;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// A message body the Task state writes is a pooled array that goes back once its queue has delivered it: released,
/// it must refuse to be read (never show another message's bytes) and refuse a second release; a body the template
/// shares between messages, or one made elsewhere, is never pooled, so releasing it leaves it alone.
/// </summary>
public class PooledMessageBodyTests
{
    private const string Input = """{"id":"e-1","detail":{"status":"RUNNING","n":[1,2.50]}}""";

    [Fact]
    public void A_pooled_body_reads_as_its_text_until_released_then_throws_on_every_read_and_on_a_second_release()
    {
        var body = PooledMessageBody.Copy("""{"kind":"K"}"""u8);
        Encoding.UTF8.GetString(body.Span).Should().Be("""{"kind":"K"}""");
        PooledMessageBody.TryGet(body, out var pooled).Should().BeTrue();
        pooled.IsReleased.Should().BeFalse();

        PooledMessageBody.TryRelease(body).Should().BeTrue();

        pooled.IsReleased.Should().BeTrue();
        FluentActions.Invoking(() => body.Span.Length).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => body.ToArray()).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => PooledMessageBody.TryRelease(body)).Should().Throw<InvalidOperationException>().WithMessage("*released twice*");
    }

    [Fact]
    public void Memory_that_is_not_a_pooled_body_is_left_alone()
    {
        var array = "text"u8.ToArray();

        PooledMessageBody.TryRelease(array).Should().BeFalse();
        PooledMessageBody.TryRelease(ReadOnlyMemory<byte>.Empty).Should().BeFalse();
        PooledMessageBody.Copy(ReadOnlySpan<byte>.Empty).IsEmpty.Should().BeTrue();
        PooledMessageBody.TryRelease(PooledMessageBody.Copy(ReadOnlySpan<byte>.Empty)).Should().BeFalse("an empty body is not pooled");
        Encoding.UTF8.GetString(array).Should().Be("text");
    }

    [Fact]
    public void A_written_body_is_pooled_and_the_same_text_as_the_evaluated_value()
    {
        var compiled = PayloadTemplate.Compile(JsonNode.Parse("""{"MessageBody":{"event.$":"$","kind":"K"}}"""), "S", "Parameters");

        var written = compiled.EvaluateWithTextField(Scope(), "MessageBody")!.AsObject();
        var evaluated = compiled.Evaluate(Scope())!.AsObject();

        MessageText.TryGet(written["MessageBody"], out var text).Should().BeTrue();
        PooledMessageBody.TryGet(text.Utf8, out _).Should().BeTrue("a body written for one message is that message's own");
        Encoding.UTF8.GetString(text.Utf8.Span).Should().Be(JsonValues.ToCompactJson(evaluated["MessageBody"]));

        PooledMessageBody.TryRelease(text.Utf8).Should().BeTrue();
        FluentActions.Invoking(() => JsonValues.ToCompactJson(written)).Should().Throw<ObjectDisposedException>("printing a released body must fail, not print other bytes");
    }

    [Fact]
    public void A_constant_body_is_shared_by_every_message_and_never_pooled()
    {
        // A path beside it, so the parameters are evaluated field by field and the body is the constant's own text.
        var compiled = PayloadTemplate.Compile(JsonNode.Parse("""{"QueueUrl.$":"$.id","MessageBody":{"kind":"K","n":1}}"""), "S", "Parameters");

        var first = Body(compiled.EvaluateWithTextField(Scope(), "MessageBody"));
        var second = Body(compiled.EvaluateWithTextField(Scope(), "MessageBody"));

        PooledMessageBody.TryRelease(first).Should().BeFalse("the template's constant text is shared, not the message's own");
        Encoding.UTF8.GetString(second.Span).Should().Be("""{"kind":"K","n":1}""");
        first.Span.SequenceEqual(second.Span).Should().BeTrue();
    }

    private static ReadOnlyMemory<byte> Body(JsonNode? parameters)
    {
        MessageText.TryGet(parameters!["MessageBody"], out var text).Should().BeTrue();
        return text.Utf8;
    }

    private static EvaluationScope Scope()
    {
        var input = JsonNode.Parse(Input);
        var run = new ExecutionRun(new LocalServices(), new InstantClock(Sfn.Epoch), new ExecutionContextOptions { StateMachineName = "M" }, input);
        return new EvaluationScope(input, new ContextObject(run), "S");
    }
}
