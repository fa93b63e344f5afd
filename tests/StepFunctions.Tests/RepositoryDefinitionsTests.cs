using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>Every statemachines/*.asl.json in the repository must parse and validate (placeholders filled with dummies).</summary>
public class RepositoryDefinitionsTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_repository_definition_parses()
    {
        var folder = RepositoryPaths.InRepo("statemachines");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.asl.json", SearchOption.AllDirectories) : [];
        output.WriteLine($"{files.Length} definition(s) under {folder}");
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var placeholders = DefinitionSubstitutions.Apply(text, new Dictionary<string, string>()).UnknownPlaceholders;
            var dummies = placeholders.ToDictionary(p => p, p => "local-" + p);
            var substituted = DefinitionSubstitutions.Apply(text, dummies).Text;
            FluentActions.Invoking(() => StateMachineDefinition.Parse(substituted))
                .Should().NotThrow($"{Path.GetFileName(file)} should be a valid definition");
        }
    }
}
