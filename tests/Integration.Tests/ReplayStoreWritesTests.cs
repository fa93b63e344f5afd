using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// summary.json's StoreWrites, what `brm cost` prices as DynamoDB writes: the writes the functions made, so a
/// duplicate event that changes nothing is delivered (and read) but not written.
/// </summary>
public sealed class ReplayStoreWritesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-store-writes-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_duplicated_job_event_is_delivered_twice_and_written_once()
    {
        var line = JsonNode.Parse(SharedEvents.Read("batch-job/calcloud-failed-oom-reason.json"))!.ToJsonString();

        var once = await ReplayAsync("once", [line]);
        var twice = await ReplayAsync("twice", [line, line]);

        once.StoreWrites.Should().BeGreaterThan(0);
        twice.FunctionRecords.Should().Be(2 * once.FunctionRecords, "both copies go through the pipeline to the function");
        twice.StoreWrites.Should().Be(once.StoreWrites, "the second copy changes nothing in the ledger or the registry");
    }

    [Fact]
    public async Task A_second_event_of_the_job_writes_again()
    {
        var failed = JsonNode.Parse(SharedEvents.Read("batch-job/calcloud-failed-oom-reason.json"))!.AsObject();
        var running = failed.DeepClone().AsObject();
        running["id"] = "running-event";
        running["detail"]!["status"] = "RUNNING";
        running["time"] = DateTimeOffset.Parse(failed["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

        var alone = await ReplayAsync("alone", [failed.ToJsonString()]);
        var both = await ReplayAsync("both", [running.ToJsonString(), failed.ToJsonString()]);

        both.StoreWrites.Should().BeGreaterThan(alone.StoreWrites, "the RUNNING event is new to the ledger");
    }

    private async Task<ReplaySummary> ReplayAsync(string name, IEnumerable<string> lines)
    {
        var input = Path.Combine(_work, name + ".jsonl");
        File.WriteAllLines(input, lines);
        return await new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryPaths.InRepo("template.yaml"),
            OutputDirectory = Path.Combine(_work, name),
        }).RunAsync([input], null, TextWriter.Null, CancellationToken.None);
    }
}
