using System.CommandLine;
using System.Text.Json;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

public static class SfnCommand
{
    public static Command Create()
    {
        var definition = new Argument<string>("definition") { Description = "An ASL definition (.asl.json)" };
        var input = new Option<string>("--input") { Description = "The execution input (a JSON file)", Required = true };
        var substitutions = new Option<string[]>("--sub") { Description = "KEY=VALUE for a ${KEY} placeholder (repeatable)", AllowMultipleArgumentsPerToken = false };
        var tables = new Option<string[]>("--table") { Description = "NAME=items.json: preload a DynamoDB table from a JSON array of attribute-value items (repeatable)" };
        var trace = new Option<bool>("--trace") { Description = "Also list the states entered, in order" };
        var template = new Option<string?>("--template")
        {
            Description = "A definition this template names as a DefinitionUri gets its DefinitionSubstitutions with a replay's local names; --sub overrides them (default: the repository's template.yaml, when brm runs inside it)",
        };
        var run = new Command("run", "Execute any ASL definition locally and print {status, output | error, cause}") { definition, input, substitutions, tables, trace, template };
        run.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var definitionPath = result.GetValue(definition)!;
            var output = await SfnRunner.RunAsync(
                definitionPath,
                result.GetValue(input)!,
                WithTemplateValues(definitionPath, result.GetValue(template), Pairs(result.GetValue(substitutions), "--sub")),
                Pairs(result.GetValue(tables), "--table"),
                result.GetValue(trace),
                cancellationToken).ConfigureAwait(false);
            Console.WriteLine(output.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0; // whatever the machine's status: a FAILED execution is a result, not an error of brm
        }));
        return new Command("sfn", "Step Functions tools") { run };
    }

    /// <summary>The --sub values over those of the template's state machine for this file, if it is one; says on stderr which came from the template.</summary>
    private static IReadOnlyDictionary<string, string> WithTemplateValues(string definitionPath, string? templatePath, Dictionary<string, string> given)
    {
        templatePath ??= RepositoryLocator.TryRoot() is { } root ? Path.Combine(root, "template.yaml") : null;
        if (templatePath is null || !File.Exists(definitionPath))
        {
            return given; // SfnRunner names the missing definition file
        }

        if (!File.Exists(templatePath))
        {
            throw new UserErrorException($"--template {templatePath} not found");
        }

        if (TemplateSubstitutions.For(definitionPath, templatePath) is not { } stateMachine)
        {
            return given;
        }

        var (merged, fromTemplate) = TemplateSubstitutions.Merge(stateMachine.Values, given);
        if (fromTemplate.Count > 0)
        {
            Console.Error.WriteLine($"brm: {string.Join(", ", fromTemplate.Select(key => $"${{{key}}}={merged[key]}"))} from {templatePath} ({stateMachine.LogicalId}); --sub KEY=VALUE overrides");
        }

        return merged;
    }

    private static Dictionary<string, string> Pairs(string[]? values, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UserErrorException($"{option} '{value}' is not KEY=VALUE");
            }

            pairs[value[..equals]] = value[(equals + 1)..];
        }

        return pairs;
    }
}
