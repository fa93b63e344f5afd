using System.Reflection;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Functions;

/// <summary>
/// The Lambda handler strings ("Assembly::Namespace.Type::Method") must name a public Task&lt;Stream&gt; HandleAsync(Stream)
/// with a public parameterless constructor, because the managed runtime builds the class itself.
/// </summary>
public partial class HandlerNameTests(ITestOutputHelper output)
{
    private static readonly Assembly[] FunctionAssemblies =
    [
        typeof(BatchRuntimeMonitor.Functions.InstanceRegistration.Function).Assembly,
        typeof(BatchRuntimeMonitor.Functions.RunTaskCalls.Function).Assembly,
        typeof(BatchRuntimeMonitor.Functions.JobTransitions.Function).Assembly,
        typeof(BatchRuntimeMonitor.Functions.AsgMonitoring.Function).Assembly,
    ];

    public static TheoryData<string> DocumentedHandlers() =>
    [
        "InstanceRegistration::BatchRuntimeMonitor.Functions.InstanceRegistration.Function::HandleAsync",
        "RunTaskCalls::BatchRuntimeMonitor.Functions.RunTaskCalls.Function::HandleAsync",
        "JobTransitions::BatchRuntimeMonitor.Functions.JobTransitions.Function::HandleAsync",
        "AsgMonitoring::BatchRuntimeMonitor.Functions.AsgMonitoring.Function::HandleAsync",
    ];

    [Theory]
    [MemberData(nameof(DocumentedHandlers))]
    public void Handler_string_names_a_stream_handler_the_runtime_can_construct(string handler) => ShouldResolve(handler);

    [Fact]
    public void Every_handler_in_template_yaml_exists()
    {
        var template = RepositoryPaths.InRepo("template.yaml");
        if (!File.Exists(template))
        {
            output.WriteLine("SKIPPED: no template.yaml at the repository root yet");
            return;
        }

        var handlers = HandlerLine().Matches(File.ReadAllText(template)).Select(m => m.Groups["handler"].Value.Trim('"', '\'')).ToList();
        handlers.Should().NotBeEmpty("template.yaml declares the four functions");
        foreach (var handler in handlers)
        {
            ShouldResolve(handler);
        }
    }

    private static void ShouldResolve(string handler)
    {
        var parts = handler.Split("::");
        parts.Should().HaveCount(3, handler);
        var assembly = FunctionAssemblies.SingleOrDefault(a => a.GetName().Name == parts[0]);
        assembly.Should().NotBeNull($"{handler}: no function assembly is named {parts[0]}");
        var type = assembly!.GetType(parts[1]);
        type.Should().NotBeNull($"{handler}: {parts[1]} is not in {parts[0]}");
        type!.GetConstructor(Type.EmptyTypes).Should().NotBeNull($"{handler}: the runtime needs a public parameterless constructor");
        var method = type.GetMethod(parts[2], BindingFlags.Public | BindingFlags.Instance, [typeof(Stream)]);
        method.Should().NotBeNull($"{handler}: no public {parts[2]}(Stream)");
        method!.ReturnType.Should().Be<Task<Stream>>();
    }

    [GeneratedRegex(@"^\s*Handler:\s*(?<handler>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex HandlerLine();
}
