using System.Buffers;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.Brm.Replay.Spill;
using BatchRuntimeMonitor.Local.Simulator;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// A replay that returns each event's bytes and document to their pools once the executions it started have finished
/// (<see cref="PooledLine"/>) writes what a replay that never returns them writes, with executions parked in the join's
/// Wait while later events come and go, and it returns every event it read. Returning one too early cannot pass
/// unnoticed: the pool used here scribbles over every returned array, and reading a returned event throws.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReplayInputPoolingTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] SameFiles = ["jobs.jsonl", "instances.jsonl", "emf.jsonl", "insights.jsonl", "dlq.jsonl"];

    private readonly string _work = Directory.CreateTempSubdirectory("brm-input-pooling-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData(10)]
    [InlineData(null)]
    public async Task Shuffled_and_duplicated_events_give_the_same_output_pooled_or_not_and_every_event_goes_back(int? maxDisplacementMinutes)
    {
        var day = Path.Combine(_work, "day");
        DaySimulator.Run(new SimulationOptions { Jobs = 300, Seed = 41, OutputDirectory = day });
        var shuffled = EventShuffler.Write(day, Path.Combine(_work, "shuffled", "events.jsonl"), seed: 7, duplicateFraction: 0.10,
            maxDisplacement: maxDisplacementMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null);
        // Two events the replay rejects, which must go back as well: one without a valid time, one over the size limit.
        var sample = File.ReadLines(shuffled).First();
        File.AppendAllLines(shuffled,
        [
            sample.Replace("\"time\":\"", "\"time\":5,\"was\":\"", StringComparison.Ordinal),
            sample.Replace("\"detail\":{", $"\"detail\":{{\"padding\":\"{new string('x', 300 * 1024)}\",", StringComparison.Ordinal),
        ]);
        var pool = new CountingArrayPool();

        var (unpooled, _) = await ReplayAsync(shuffled, "unpooled", linePool: null);
        var (pooled, summary) = await ReplayAsync(shuffled, "pooled", pool);

        ReplayOutputs.AssertSame(unpooled, pooled, SameFiles, "returning input events to their pools");
        summary.JoinsNotFound.Should().BePositive("joins that waited for a registration that came too late: executions parked in the Wait, their event held");
        summary.EventsRejected.Should().Be(2);
        pool.Rented.Should().Be(summary.EventsRead, "every event was a line of its own");
        pool.Outstanding.Should().Be(0, "every execution finished, so every event went back");
    }

    private async Task<(string Directory, ReplaySummary Summary)> ReplayAsync(string input, string name, ArrayPool<byte>? linePool)
    {
        var outputDirectory = Path.Combine(_work, "out-" + name);
        var runner = new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryPaths.InRepo("template.yaml"),
            OutputDirectory = outputDirectory,
            Spill = new SpillOptions { Window = TimeSpan.Zero, CheckEveryEvents = 1 },
            InputPool = linePool,
        });
        var summary = await runner.RunAsync([input], null, TextWriter.Null, CancellationToken.None);
        output.WriteLine($"{name}: read {summary.EventsRead}, executions {summary.Executions}, joins not found {summary.JoinsNotFound}, jobs {summary.Jobs}");
        summary.ExecutionsFailed.Should().Be(0, "an execution reading an event returned too early fails");
        summary.Jobs.Should().BePositive();
        return (outputDirectory, summary);
    }
}
