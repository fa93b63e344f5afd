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
        var run = new Command("run", "Execute any ASL definition locally and print {status, output | error, cause}") { definition, input, substitutions, tables, trace };
        run.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var output = await SfnRunner.RunAsync(
                result.GetValue(definition)!,
                result.GetValue(input)!,
                Pairs(result.GetValue(substitutions), "--sub"),
                Pairs(result.GetValue(tables), "--table"),
                result.GetValue(trace),
                cancellationToken).ConfigureAwait(false);
            Console.WriteLine(output.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0; // whatever the machine's status: a FAILED execution is a result, not an error of brm
        }));
        return new Command("sfn", "Step Functions tools") { run };
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
