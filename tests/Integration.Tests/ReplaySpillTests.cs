using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.Brm.Replay.Spill;
using BatchRuntimeMonitor.Local.Simulator;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// Spilling settled jobs and markers to disk changes memory, never output: a replay that spills at every event writes
/// the same files as one that keeps everything in memory, whatever the order of the events and however late their
/// duplicates come.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReplaySpillTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Looks for settled records at every event with no reorder window: any later event of a finished job must reload it.</summary>
    private static readonly SpillOptions Eager = new() { Window = TimeSpan.Zero, CheckEveryEvents = 1 };

    private static readonly string[] SameFiles = ["jobs.jsonl", "instances.jsonl", "emf.jsonl", "insights.jsonl", "dlq.jsonl"];

    private readonly string _work = Directory.CreateTempSubdirectory("brm-spill-").FullName;

    [Fact]
    public async Task A_day_replayed_spilling_at_every_event_writes_the_same_output_as_one_kept_in_memory()
    {
        var events = Simulate(jobs: 300, seed: 21);

        var (inMemory, _) = await ReplayAsync([events], "in-memory", spill: null);
        var (spilled, report) = await ReplayAsync([events], "spilled", Eager);

        AssertSameOutput(inMemory, spilled);
        report.Jobs.SpilledKeys.Should().BePositive();
        report.Markers.SpilledKeys.Should().BePositive();
    }

    [Theory]
    [InlineData(10)]
    [InlineData(null)]
    public async Task Shuffled_and_duplicated_events_give_the_same_output_when_late_events_reload_spilled_jobs(int? maxDisplacementMinutes)
    {
        var events = Simulate(jobs: 300, seed: 22);
        var shuffled = EventShuffler.Write(events, Path.Combine(_work, "shuffled", "events.jsonl"), seed: 7, duplicateFraction: 0.10,
            maxDisplacement: maxDisplacementMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null);

        var (inMemory, _) = await ReplayAsync([shuffled], "in-memory", spill: null);
        var (spilled, report) = await ReplayAsync([shuffled], "spilled", Eager);

        AssertSameOutput(inMemory, spilled);
        report.Jobs.Reloaded.Should().BePositive("late events of finished jobs must have found them on disk");
    }

    [Fact]
    public async Task Duplicates_of_every_event_arriving_after_their_jobs_were_spilled_count_nothing_twice()
    {
        var events = Simulate(jobs: 200, seed: 23);
        var ordered = EventShuffler.Write(events, Path.Combine(_work, "ordered", "events.jsonl"), seed: 1, duplicateFraction: 0, maxDisplacement: TimeSpan.Zero);
        var twice = Path.Combine(_work, "twice", "events.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(twice)!);
        var lines = File.ReadAllLines(ordered);
        File.WriteAllLines(twice, lines.Concat(lines));

        var (once, _) = await ReplayAsync([ordered], "once", spill: null);
        var (duplicated, report) = await ReplayAsync([twice], "twice", Eager);

        report.Jobs.Reloaded.Should().BePositive("the jobs were spilled before their duplicates came");
        report.Markers.Reloaded.Should().BePositive("the duplicated RunTask calls must find their spilled dedupe markers");
        ReplayOutputs.Summary(duplicated)["Metrics"]!.ToJsonString().Should().Be(ReplayOutputs.Summary(once)["Metrics"]!.ToJsonString());
        ReplayOutputs.Summary(duplicated)["EmfDocuments"]!.GetValue<long>().Should().Be(ReplayOutputs.Summary(once)["EmfDocuments"]!.GetValue<long>());
        ReplayOutputs.Summary(duplicated)["InsightRecords"]!.GetValue<long>().Should().Be(ReplayOutputs.Summary(once)["InsightRecords"]!.GetValue<long>());
        File.ReadAllText(Path.Combine(duplicated, "jobs.jsonl")).Should().Be(File.ReadAllText(Path.Combine(once, "jobs.jsonl")));
    }

    [Fact]
    public async Task The_spill_files_are_gone_when_the_replay_ends()
    {
        var events = Simulate(jobs: 50, seed: 24);

        var (spilled, report) = await ReplayAsync([events], "spilled", Eager);

        report.Jobs.FileBytes.Should().BePositive();
        Directory.EnumerateFiles(spilled, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Should().BeEquivalentTo(["jobs.jsonl", "instances.jsonl", "emf.jsonl", "insights.jsonl", "dlq.jsonl", "summary.json"]);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Simulate(int jobs, int seed)
    {
        var directory = Path.Combine(_work, $"day-{seed}");
        DaySimulator.Run(new SimulationOptions { Jobs = jobs, Seed = seed, OutputDirectory = directory });
        return directory;
    }

    private async Task<(string Output, SpillReport Report)> ReplayAsync(IReadOnlyList<string> inputs, string name, SpillOptions? spill)
    {
        var outputDirectory = Path.Combine(_work, "out-" + name);
        var runner = new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryPaths.InRepo("template.yaml"),
            OutputDirectory = outputDirectory,
            Spill = spill,
        });
        var summary = await runner.RunAsync(inputs, null, TextWriter.Null, CancellationToken.None);
        output.WriteLine($"{name}: read {summary.EventsRead}, jobs {summary.Jobs}, spill {runner.Spill}");
        summary.ExecutionsFailed.Should().Be(0);
        return (outputDirectory, runner.Spill!);
    }

    private static void AssertSameOutput(string expected, string actual) => ReplayOutputs.AssertSame(expected, actual, SameFiles, "spilling");
}
