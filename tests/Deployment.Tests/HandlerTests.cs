using System.Reflection;
using System.Xml.Linq;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Deployment;

/// <summary>
/// Every function's Handler string names an assembly, class and method that exist: the .csproj under CodeUri
/// builds that assembly, and the built class (referenced by this project) has the method the managed runtime
/// calls: public, (Stream) -> Task&lt;Stream&gt; or Stream, on a public class with a parameterless constructor.
/// </summary>
public sealed class HandlerTests
{
    public sealed record ExpectedFunction(string LogicalId, string Folder, string Queue)
    {
        public string Handler => $"{Folder}::BatchRuntimeMonitor.Functions.{Folder}.Function::HandleAsync";
    }

    public static readonly IReadOnlyList<ExpectedFunction> Expected =
    [
        new("InstanceRegistrationFunction", "InstanceRegistration", "InstanceEventsQueue"),
        new("RunTaskCallsFunction", "RunTaskCalls", "TaskEventsQueue"),
        new("JobTransitionsFunction", "JobTransitions", "JobEventsQueue"),
        new("AsgMonitoringFunction", "AsgMonitoring", "AsgEventsQueue"),
    ];

    public static TheoryData<string> FunctionIds()
    {
        var data = new TheoryData<string>();
        foreach (var f in Expected)
        {
            data.Add(f.LogicalId);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FunctionIds))]
    public void CodeUri_ShouldHoldAProjectThatBuildsTheHandlerAssembly(string logicalId)
    {
        var props = TemplateDocument.Load().Properties(logicalId);
        var (assembly, _, _) = Split((string)props["Handler"]!);
        var folder = RepositoryPaths.InRepo(((string)props["CodeUri"]!).TrimEnd('/').Split('/'));

        Directory.Exists(folder).Should().BeTrue($"CodeUri of {logicalId} is {folder}");
        var projects = Directory.GetFiles(folder, "*.csproj");
        projects.Should().ContainSingle($"{folder} should hold exactly one project");
        var project = XDocument.Load(projects[0]);
        var assemblyName = project.Descendants("AssemblyName").Select(e => e.Value).LastOrDefault()
            ?? Path.GetFileNameWithoutExtension(projects[0]);
        assemblyName.Should().Be(assembly, $"the handler of {logicalId} names assembly '{assembly}'");
    }

    [Theory]
    [MemberData(nameof(FunctionIds))]
    public void Handler_ShouldNameAPublicStreamMethodOfABuiltClass(string logicalId)
    {
        var handler = (string)TemplateDocument.Load().Properties(logicalId)["Handler"]!;
        var (assemblyName, typeName, methodName) = Split(handler);

        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (FileNotFoundException)
        {
            throw new Xunit.Sdk.XunitException($"{logicalId}: assembly '{assemblyName}' of handler '{handler}' is not built (missing project reference or project)");
        }

        var type = assembly.GetType(typeName);
        type.Should().NotBeNull($"{logicalId}: handler class '{typeName}' is missing from {assemblyName}");
        type!.IsPublic.Should().BeTrue($"{typeName} must be public");
        type.GetConstructor(Type.EmptyTypes).Should().NotBeNull($"the managed runtime builds {typeName} with a public parameterless constructor");

        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == methodName).ToList();
        methods.Should().ContainSingle($"{logicalId}: handler method '{methodName}' must exist once (no overloads) on {typeName}");
        var method = methods[0];
        var parameters = method.GetParameters();
        parameters.Should().NotBeEmpty();
        parameters.Length.Should().BeLessThanOrEqualTo(2);
        parameters[0].ParameterType.Should().Be<Stream>($"{methodName} takes the raw SQS event as a Stream, so no serializer is needed");
        if (parameters.Length == 2)
        {
            parameters[1].ParameterType.Name.Should().EndWith("LambdaContext");
        }

        new[] { typeof(Task<Stream>), typeof(Stream) }.Should().Contain(method.ReturnType);
    }

    private static (string Assembly, string Type, string Method) Split(string handler)
    {
        var parts = handler.Split("::");
        parts.Should().HaveCount(3, $"handler '{handler}' must be <Assembly>::<Namespace.Class>::<Method>");
        return (parts[0], parts[1], parts[2]);
    }
}
