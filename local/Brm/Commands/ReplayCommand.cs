using System.CommandLine;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.Brm.Replay.Spill;
using Spectre.Console;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

public static class ReplayCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Event files or folders, or - for standard input: JSON Lines, JSON arrays, CloudTrail log files, Firehose objects, CloudWatch Logs exports and JSON, gzipped or not", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out" };
        var template = new Option<string?>("--template") { Description = "template.yaml to run (default: the repository's)" };
        var strict = new Option<bool>("--strict") { Description = "Exit non-zero when any input was malformed or rejected" };
        var metricsNamespace = new Option<string>("--namespace") { Description = "Metrics namespace", DefaultValueFactory = _ => Core.Metrics.MetricCatalog.DefaultNamespace };
        var spill = new SpillCommandOptions();
        var command = new Command("replay", "Replay events through the template's rules, state machines, queues and functions") { inputs, output, template, strict, metricsNamespace };
        spill.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var summary = await RunAsync(result.GetValue(inputs)!, result.GetValue(output)!, result.GetValue(template), result.GetValue(metricsNamespace)!, spill.Read(result), cancellationToken).ConfigureAwait(false);
            Print(summary, result.GetValue(output)!);
            return result.GetValue(strict) && (summary.EventsRejected > 0 || summary.DeadLetters > 0) ? 1 : 0;
        }));
        return command;
    }

    /// <param name="spill">When finished jobs leave memory; null keeps them all.</param>
    public static async Task<ReplaySummary> RunAsync(IReadOnlyList<string> inputs, string output, string? template, string metricsNamespace, SpillOptions? spill, CancellationToken cancellationToken)
    {
        var runner = new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryLocator.Template(template),
            OutputDirectory = output,
            Monitor = new MonitorOptions { MetricsNamespace = metricsNamespace },
            Spill = spill,
        });

        if (!Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            ReplaySummary? summary = null;
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask("replaying").IsIndeterminate();
                var progress = new Progress<ReplayProgress>(p => task.Description = $"replaying: {p.EventsRead:N0} events");
                summary = await runner.RunAsync(inputs, progress, Console.Error, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return summary!;
        }

        // Not a terminal: plain progress lines, so CI logs stay readable.
        var lines = new Progress<ReplayProgress>(p => Console.Error.WriteLine($"replaying: {p.EventsRead:N0} events read ({p.CurrentFile})"));
        return await runner.RunAsync(inputs, lines, Console.Error, cancellationToken).ConfigureAwait(false);
    }

    private const int UnmatchedKindsShown = 3;

    /// <summary>Where the dead letters came from, so a replay of an archive says at once whether it was the input or the pipeline.</summary>
    private static string ByStage(ReplaySummary summary) =>
        summary.DeadLetters == 0 ? "" : $" ({string.Join(", ", summary.DeadLettersByStage.Select(pair => $"{pair.Key} {pair.Value:N0}"))}; dlq.jsonl says why)";

    public static void Print(ReplaySummary summary, string output)
    {
        Console.WriteLine($"events read {summary.EventsRead:N0}, matched {summary.EventsMatched:N0}, unmatched {summary.EventsUnmatched:N0}, rejected {summary.EventsRejected:N0}");
        if (summary.EventsUnmatchedByKind.Count > 0)
        {
            // The few largest: an operator replaying an archive sees at once which events the rules left out.
            var largest = summary.EventsUnmatchedByKind.Take(UnmatchedKindsShown).Select(pair => $"{pair.Key} {pair.Value:N0}");
            var more = summary.EventsUnmatchedByKind.Count > UnmatchedKindsShown ? $"; {summary.EventsUnmatchedByKind.Count - UnmatchedKindsShown} more kinds in summary.json" : "";
            Console.WriteLine($"unmatched: {string.Join(", ", largest)}{more}");
        }

        if (summary.FilesNotRead.Count > 0)
        {
            Console.WriteLine($"files not read {summary.FilesNotRead.Count:N0}: they hold no events (each is named on stderr and in summary.json)");
        }

        Console.WriteLine($"executions {summary.Executions:N0} ({summary.ExecutionsFailed:N0} failed), messages {summary.FunctionRecords:N0} in {summary.FunctionBatches:N0} batches, dead letters {summary.DeadLetters:N0}{ByStage(summary)}");
        Console.WriteLine($"jobs {summary.Jobs:N0}, instances {summary.Instances:N0}, EMF documents {summary.EmfDocuments:N0}, insight records {summary.InsightRecords:N0}");
        Console.WriteLine($"{summary.EventsPerSecond:N0} events/s; output in {Path.GetFullPath(output)}");
        foreach (var violation in summary.EmfViolations)
        {
            Console.Error.WriteLine($"EMF violation: {violation}");
        }
    }
}
