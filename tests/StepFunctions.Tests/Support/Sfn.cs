using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Support;

/// <summary>Runs small definitions in tests: JSON text in, ExecutionResult out, on an instant clock by default.</summary>
internal static class Sfn
{
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ExecutionResult Run(string definition, string input = "{}", ITaskResourceInvoker? invoker = null, IVirtualClock? clock = null, ExecutionContextOptions? options = null) =>
        RunAsync(definition, input, invoker, clock, options).GetAwaiter().GetResult();

    public static Task<ExecutionResult> RunAsync(string definition, string input = "{}", ITaskResourceInvoker? invoker = null, IVirtualClock? clock = null, ExecutionContextOptions? options = null)
    {
        var interpreter = new StepFunctionsInterpreter(invoker ?? new LocalServices(), clock ?? new InstantClock(Epoch));
        return interpreter.ExecuteAsync(StateMachineDefinition.Parse(definition), JsonNode.Parse(input), options ?? new ExecutionContextOptions { RandomSeed = 7 }, CancellationToken.None).AsTask();
    }

    /// <summary>A one-state machine: a Pass state with the given extra fields, ending the execution.</summary>
    public static string SinglePass(string fields) =>
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\"," + fields + ",\"End\":true}}}";

    public static string SinglePassNoFields() => "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

    public static string Compact(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compares JSON structurally (ignoring formatting) and shows both sides on failure.</summary>
    public static void ShouldBeJson(this JsonNode? actual, string expected) =>
        JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).Should().BeTrue($"expected {expected} but got {Compact(actual)}");

    public static void ShouldSucceedWith(this ExecutionResult result, string expected)
    {
        result.Status.Should().Be("SUCCEEDED", $"error {result.Error}: {result.Cause}");
        result.Output.ShouldBeJson(expected);
    }
}

/// <summary>A task invoker driven by a function, for testing the interpreter without services.</summary>
internal sealed class FakeInvoker(Func<TaskInvocation, JsonNode?> handler) : ITaskResourceInvoker
{
    public List<TaskInvocation> Calls { get; } = [];

    public ValueTask<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        Calls.Add(invocation);
        return ValueTask.FromResult(handler(invocation));
    }
}
