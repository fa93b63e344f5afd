using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Local.EventBridge.Templates;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// The DefinitionSubstitutions a template gives a definition file, resolved to the local names a replay uses (queue
/// URLs and table names after their logical ids, parameters at their defaults). `brm sfn run` starts from them when
/// the file is one of the template's state machines, so trying the repository's definitions on an event needs no
/// --sub per placeholder, and runs them with the values a replay would.
/// </summary>
public static class TemplateSubstitutions
{
    /// <summary>The state machine whose DefinitionUri is <paramref name="definitionPath"/>, with its substitutions; null when the template names no such file.</summary>
    public static (string LogicalId, IReadOnlyDictionary<string, string> Values)? For(string definitionPath, string templatePath)
    {
        var template = CloudFormationTemplate.Load(templatePath);
        var fullPath = Path.GetFullPath(definitionPath);
        // The state machines alone: no rule's pattern compiled for a command that runs one definition.
        var stateMachine = TemplateRouting.StateMachinesOf(template, LocalResourceNames.For(template)).FirstOrDefault(s => s.DefinitionPath is { } path && string.Equals(path, fullPath, StringComparison.Ordinal));
        return stateMachine is null ? null : (stateMachine.LogicalId, stateMachine.DefinitionSubstitutions);
    }

    /// <summary>
    /// <paramref name="given"/> (the --sub values) over the template's; the keys taken from the template, in order,
    /// so the command can say where they came from.
    /// </summary>
    public static (Dictionary<string, string> Merged, List<string> FromTemplate) Merge(IReadOnlyDictionary<string, string> fromTemplate, IReadOnlyDictionary<string, string> given)
    {
        var merged = new Dictionary<string, string>(given, StringComparer.Ordinal);
        var taken = new List<string>();
        foreach (var (key, value) in fromTemplate.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (merged.TryAdd(key, value))
            {
                taken.Add(key);
            }
        }

        return (merged, taken);
    }
}
