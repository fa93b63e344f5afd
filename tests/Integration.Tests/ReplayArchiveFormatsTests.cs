using System.Text;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.Simulator;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

using static BatchRuntimeMonitor.Tests.Integration.EventFileReading;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// A simulated day stored the ways operators keep EventBridge events (a Firehose delivery stream's S3 objects, a log
/// group exported to S3, the CLI's CloudWatch Logs output) replays to the same ledger, instances, metrics and
/// insights as the same day in JSON Lines, and to the simulator's ground truth.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReplayArchiveFormatsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] SameOutputs = ["jobs.jsonl", "instances.jsonl", "emf.jsonl", "insights.jsonl"];

    private readonly string _work = Directory.CreateTempSubdirectory("brm-archive-replay-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_day_kept_by_Firehose_CloudWatch_Logs_exports_or_the_CLI_replays_as_its_JSON_Lines_do()
    {
        var day = Path.Combine(_work, "day");
        DaySimulator.Run(new SimulationOptions { Jobs = 150, Seed = 21, OutputDirectory = day });
        var files = Directory.GetFiles(day, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        var archives = new Dictionary<string, string>
        {
            ["firehose"] = WriteArchive("firehose", files, (index, lines) =>
                ($"2026/12/06/{index:D2}/batch-events-1-2026-12-06-{index:D2}-00-00-0c1d2e3f", Gzip(string.Concat(lines)))),
            ["export"] = WriteArchive("export", files, (index, lines) =>
                ($"4f1e0aa2-task/stream-{index}/000000.gz", Gzip(string.Concat(lines.Select(line => $"{TimeOf(line)} {line}\n"))))),
            ["cli"] = WriteArchive("cli", files, (index, lines) =>
                ($"filter-log-events-{index}.json", Encoding.UTF8.GetBytes(new JsonObject { ["events"] = new JsonArray([.. lines.Select(LogEvent)]) }.ToJsonString()))),
        };

        var expected = await ReplayAsync(day, "jsonl");
        foreach (var (form, folder) in archives)
        {
            var replay = await ReplayAsync(folder, form);

            foreach (var file in SameOutputs)
            {
                File.ReadAllText(Path.Combine(replay.Directory, file)).Should().Be(File.ReadAllText(Path.Combine(expected.Directory, file)), $"{file} replayed from the {form} form");
            }

            expected.Summary.EventsRead.Should().BeGreaterThan(1000);
            replay.Summary.EventsRead.Should().Be(expected.Summary.EventsRead, form);
            replay.Summary.EventsRejected.Should().Be(0, form);
            replay.Summary.FilesNotRead.Should().Equal([$"{Path.Combine(folder, "README.md")}: not an event file: it starts with '#', not with JSON or a CloudWatch Logs export line"], form);
            replay.Diagnostics.Should().Contain($"{Path.Combine(folder, "README.md")}: not read: not an event file", form);
            GroundTruthComparison.JobDifferences(Path.Combine(day, "ground-truth.json"), replay.Directory).Should().BeEmpty(form);
        }
    }

    private string WriteArchive(string name, IReadOnlyList<string> files, Func<int, IReadOnlyList<string>, (string Path, byte[] Bytes)> write)
    {
        var folder = Path.Combine(_work, name);
        for (var i = 0; i < files.Count; i++)
        {
            var (path, bytes) = write(i, File.ReadAllLines(files[i]).Where(line => line.Length > 0).ToList());
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }

        // What a download of a bucket may hold beside the objects.
        File.WriteAllText(Path.Combine(folder, "README.md"), "# EventBridge archive of the Batch account\n");
        return folder;
    }

    private async Task<(string Directory, ReplaySummary Summary, string Diagnostics)> ReplayAsync(string input, string name)
    {
        var directory = Path.Combine(_work, "out-" + name);
        var diagnostics = new StringWriter();
        var summary = await new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryPaths.InRepo("template.yaml"),
            OutputDirectory = directory,
        }).RunAsync([input], null, diagnostics, CancellationToken.None);
        output.WriteLine($"{name}: read {summary.EventsRead}, rejected {summary.EventsRejected}, not read {summary.FilesNotRead.Count}");
        summary.ExecutionsFailed.Should().Be(0);
        return (directory, summary, diagnostics.ToString());
    }

    /// <summary>The log event a log group target makes of an event: its JSON as the message, stamped with its time.</summary>
    private static JsonNode LogEvent(string line) => new JsonObject
    {
        ["logStreamName"] = "batch-events",
        ["timestamp"] = DateTimeOffset.Parse(TimeOf(line), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
        ["message"] = line,
        ["ingestionTime"] = 0,
        ["eventId"] = "0",
    };

    private static string TimeOf(string line) => JsonNode.Parse(line)!["time"]!.GetValue<string>();
}
