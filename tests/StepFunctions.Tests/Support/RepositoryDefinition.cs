using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Support;

/// <summary>A definition of statemachines/ with its placeholders filled as the tests that run it whole need them.</summary>
internal static class RepositoryDefinition
{
    /// <summary>
    /// The text of <paramref name="file"/> with every placeholder substituted: the join's retry settings small enough
    /// for a test's virtual clock, queue URLs that look like SQS's, and "local-" names for the rest.
    /// </summary>
    public static string Substituted(string file)
    {
        var text = File.ReadAllText(RepositoryPaths.InRepo("statemachines", file));
        var placeholders = DefinitionSubstitutions.Apply(text, new Dictionary<string, string>()).UnknownPlaceholders;
        var substitutions = placeholders.ToDictionary(
            p => p,
            p => p switch
            {
                "JoinMaxAttempts" => "3",
                "JoinWaitSeconds" => "5",
                _ when p.EndsWith("Url", StringComparison.Ordinal) => "https://sqs.us-east-1.amazonaws.com/123456789012/" + p,
                _ => "local-" + p,
            });
        return DefinitionSubstitutions.Apply(text, substitutions).Text;
    }
}
