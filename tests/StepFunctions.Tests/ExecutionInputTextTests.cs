using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// A message body that embeds "$$.Execution.Input" copies the input's own text (ExecutionContextOptions.InputText)
/// when that text is what the writer would write anyway (WriterFormJson), else writes the input as before: either
/// way the body must be byte for byte the one written without the text.
/// </summary>
public class ExecutionInputTextTests
{
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/events";

    private static readonly string Definition = Send("""{"schema":1,"kind":"K","event.$":"$$.Execution.Input","join":{"found":true,"id.$":"$$.Execution.Name"}}""");

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Escaped = new() { Encoder = JavaScriptEncoder.Default };
    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    /// <summary>Texts in the writer's form, and texts one detail away from it (each must then be written, not copied).</summary>
    public static TheoryData<string, bool> Texts() => new()
    {
        { """{"a":1,"s":"Batch Job State Change","n":[1.50,-0,1e3,2E-7,null,true,false],"o":{}}""", true },
        { """{"html":"<a href='x'>&+`</a>","q":"it's","sp":" lead and trail ","colon":"a:b,c{d}[e]"}""", true },
        { "\"just a string\"", true },
        { "42", true },
        { "[]", true },
        { """{"a": 1}""", false },
        { """{"a":1 }""", false },
        { "{\"a\":\t1}", false },
        { """{"a":[1,2,],"b":{"c":1,}}""", false },
        { """{"s":"trailing,}"}""", false },
        { """{"q":"say \"hi\""}""", false },
        { """{"u":"\u0041\/"}""", false },
        { """{"u":"\u00e9"}""", false },
        { """{"u":"é"}""", false },
        { """{"u":"😀"}""", false },
        { """{"u":"\u007f"}""", false },
        { "{\"u\":\"\u007f\"}", false },
        { """{"u":"\u2028"}""", false },
        { """{"d":{"a":1,"a":2}}""", true },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_body_written_from_the_input_text_is_the_body_written_from_the_input(string text, bool copied)
    {
        var withText = Body(text, inputText: true);

        withText.Should().Equal(Body(text, inputText: false), $"the body of {text}");
        (WriterFormJson.DepthBound(Encoding.UTF8.GetBytes(text)) >= 0).Should().Be(copied, "whether the text is in the writer's form");
    }

    [Fact]
    public void Every_shared_sample_event_in_compact_form_is_copied_and_gives_the_same_body()
    {
        var samples = SharedEventTexts().ToList();
        samples.Should().NotBeEmpty();
        foreach (var (name, text) in samples)
        {
            var compact = JsonNode.Parse(text)!.ToJsonString(Relaxed);
            WriterFormJson.DepthBound(Encoding.UTF8.GetBytes(compact)).Should().BeGreaterThanOrEqualTo(0, $"{name} in compact form is in the writer's form");
            foreach (var form in new[] { compact, text, JsonNode.Parse(text)!.ToJsonString(Escaped), JsonNode.Parse(text)!.ToJsonString(Indented) })
            {
                Body(form, inputText: true).Should().Equal(Body(form, inputText: false), $"the body of {name} as {form[..Math.Min(60, form.Length)]}");
            }
        }
    }

    [Fact]
    public void Random_documents_in_any_form_give_the_same_body_with_or_without_their_text()
    {
        var random = new Random(20240601);
        var copiedCount = 0;
        for (var i = 0; i < 3000; i++)
        {
            var value = RandomJsonValues.Next(random, depth: 0);
            var options = (i % 3) switch { 0 => Relaxed, 1 => Escaped, _ => Indented };
            var text = JsonSerializer.Serialize(value, options);
            copiedCount += WriterFormJson.DepthBound(Encoding.UTF8.GetBytes(text)) >= 0 ? 1 : 0;
            Body(text, inputText: true).Should().Equal(Body(text, inputText: false), $"the body of {text}");
        }

        copiedCount.Should().BeGreaterThan(300, "a good part of the random texts take the copying path");
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_depth_bound_the_caller_worked_out_gives_the_body_written_from_the_input(string text, bool copied)
    {
        var bound = ExecutionInputText.DepthBound(Encoding.UTF8.GetBytes(text));

        Body(text, inputText: true, depthBound: bound).Should().Equal(Body(text, inputText: false), $"the body of {text}");
        (bound >= 0).Should().Be(copied, "the caller's bound is the writer's own check");
    }

    [Fact]
    public void A_depth_bound_the_caller_worked_out_is_the_one_used()
    {
        // As in the test below, a text that is not the input's shows which path was taken: -1 from the caller means
        // "not in the writer's form", so the input is written although the text itself would have been copied.
        var written = Body("""{"a":1}""", inputText: true, textOverride: """{"copied":true}""", depthBound: -1);
        var copied = Body("""{"a":1}""", inputText: true, textOverride: """{"copied":true}""", depthBound: 1);

        Encoding.UTF8.GetString(written).Should().Be("""{"schema":1,"kind":"K","event":{"a":1},"join":{"found":true,"id":"x"}}""");
        Encoding.UTF8.GetString(copied).Should().Be("""{"schema":1,"kind":"K","event":{"copied":true},"join":{"found":true,"id":"x"}}""");
        ExecutionInputText.DepthBound(ReadOnlySpan<byte>.Empty).Should().Be(-1);
    }

    [Fact]
    public void The_text_is_what_the_body_copies_when_it_is_in_the_writer_form()
    {
        // Deliberately not the input's text (callers must not do this): shows that the copying path is the one taken.
        var body = Body("""{"a":1}""", inputText: true, textOverride: """{"copied":true}""");

        Encoding.UTF8.GetString(body).Should().Be("""{"schema":1,"kind":"K","event":{"copied":true},"join":{"found":true,"id":"x"}}""");
    }

    [Theory]
    [InlineData(60)]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    public void An_input_nested_too_deep_for_the_writer_fails_as_it_does_without_its_text(int depth)
    {
        var text = new string('[', depth - 1) + "{}" + new string(']', depth - 1);
        var options = new JsonDocumentOptions { MaxDepth = 256 };

        var withText = Outcome(text, inputText: true, options);
        var without = Outcome(text, inputText: false, options);

        withText.Should().Be(without);
        if (depth >= 64)
        {
            without.Should().StartWith("threw", "the body nests the input one level deeper than the writer's 64");
        }
    }

    [Fact]
    public async Task Without_an_input_text_the_input_is_written()
    {
        var input = JsonNode.Parse("""{ "a" : "é" }""");
        var (services, queues) = Services();
        var result = await new StepFunctionsInterpreter(services, new InstantClock(Sfn.Epoch))
            .ExecuteAsync(StateMachineDefinition.Parse(Definition), input, new ExecutionContextOptions { ExecutionName = "x" }, CancellationToken.None);

        result.Status.Should().Be(ExecutionResult.Succeeded);
        queues.Messages(QueueUrl).Single().Body.Should().Be("""{"schema":1,"kind":"K","event":{"a":"é"},"join":{"found":true,"id":"x"}}""");
    }

    private static byte[] Body(string text, bool inputText, string? textOverride = null, int? depthBound = null)
    {
        var outcome = Run(text, inputText, textOverride, default, out var body, depthBound);
        outcome.Should().Be("SUCCEEDED");
        return body!;
    }

    private static string Outcome(string text, bool inputText, JsonDocumentOptions options) => Run(text, inputText, null, options, out _);

    private static string Run(string text, bool inputText, string? textOverride, JsonDocumentOptions documentOptions, out byte[]? body, int? depthBound = null)
    {
        var input = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = documentOptions.MaxDepth });
        var (services, queues) = Services();
        var options = new ExecutionContextOptions
        {
            ExecutionName = "x",
            InputText = inputText ? Encoding.UTF8.GetBytes(textOverride ?? text) : ReadOnlyMemory<byte>.Empty,
            InputTextDepthBound = depthBound,
        };
        body = null;
        try
        {
            var result = new StepFunctionsInterpreter(services, new InstantClock(Sfn.Epoch))
                .ExecuteAsync(StateMachineDefinition.Parse(Definition), input, options, CancellationToken.None).GetAwaiter().GetResult();
            body = queues.Messages(QueueUrl).SingleOrDefault()?.Utf8Body.ToArray();
            return result.Status;
        }
        catch (Exception ex)
        {
            return $"threw {ex.GetType().Name}: {ex.Message}";
        }
    }

    private static (LocalServices Services, InMemorySqsQueues Queues) Services()
    {
        var queues = new InMemorySqsQueues();
        queues.CreateQueue(QueueUrl);
        return (new LocalServices(queues: queues, options: new LocalServicesOptions { IncludeSdkMetadata = false, ComputeBodyDigests = false, RandomSeed = 3 }), queues);
    }

    private static string Send(string messageBody) =>
        """{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":""" + "\"" + QueueUrl + "\",\"MessageBody\":" + messageBody + """},"End":true}}}""";

    private static IEnumerable<(string Name, string Text)> SharedEventTexts()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.SharedEvents, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            if (JsonNode.Parse(text) is JsonObject)
            {
                yield return (Path.GetFileName(file), text);
            }
        }
    }
}
