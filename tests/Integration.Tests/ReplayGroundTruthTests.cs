using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.Simulator;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// A simulated day replayed through template.yaml, the state machines and the functions reproduces the
/// simulator's ground truth: the ledger job by job, and every metric total.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReplayGroundTruthTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-gt-").FullName;

    public static TheoryData<int> ReorderSeeds() => new(Enumerable.Range(12, 20));

    [Fact]
    public async Task A_simulated_day_replayed_in_delivery_order_matches_its_ground_truth()
    {
        var events = Simulate(jobs: 400, seed: 11);

        var replay = await ReplayAsync([events], "in-order");

        AssertMatches(events, replay);
    }

    [Theory]
    [MemberData(nameof(ReorderSeeds))]
    public async Task A_simulated_day_reordered_within_ten_minutes_and_ten_percent_duplicated_matches_its_ground_truth(int seed)
    {
        var events = Simulate(jobs: 400, seed: seed);
        var shuffled = EventShuffler.Write(events, Path.Combine(_work, "shuffled", "events.jsonl"), seed: 5, duplicateFraction: 0.10, maxDisplacement: TimeSpan.FromMinutes(10));

        var replay = await ReplayAsync([shuffled], $"shuffled-{seed}");

        AssertMatches(events, replay);
    }

    [Fact]
    public async Task A_simulated_day_fully_shuffled_and_duplicated_still_gives_the_ground_truth_ledger_and_job_counts()
    {
        var events = Simulate(jobs: 300, seed: 13);
        var shuffled = EventShuffler.Write(events, Path.Combine(_work, "random", "events.jsonl"), seed: 6, duplicateFraction: 0.10, maxDisplacement: null);

        var replay = await ReplayAsync([shuffled], "random");

        GroundTruthComparison.JobDifferences(Path.Combine(events, "ground-truth.json"), replay).Should().BeEmpty();

        // With arrival order fully random, every count still matches: each is a first observation, whatever came first.
        // Duration sums are not compared here: a metric is emitted once, and an event of a job delivered hours after the
        // job ended (impossible with EventBridge's near-real-time delivery) cannot amend it; the ledger above is exact.
        GroundTruthComparison.MetricDifferences(Path.Combine(events, "ground-truth.json"), replay)
            .Where(d => !d.Contains("Seconds ", StringComparison.Ordinal))
            .Should().BeEmpty();
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Simulate(int jobs, int seed)
    {
        var directory = Path.Combine(_work, $"day-{seed}");
        DaySimulator.Run(new SimulationOptions { Jobs = jobs, Seed = seed, OutputDirectory = directory });
        return directory;
    }

    private async Task<string> ReplayAsync(IReadOnlyList<string> inputs, string name)
    {
        var outputDirectory = Path.Combine(_work, "out-" + name);
        var diagnostics = new StringWriter();
        var summary = await new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryPaths.InRepo("template.yaml"),
            OutputDirectory = outputDirectory,
        }).RunAsync(inputs, null, diagnostics, CancellationToken.None);
        output.WriteLine($"{name}: read {summary.EventsRead}, matched {summary.EventsMatched}, executions {summary.Executions} ({summary.ExecutionsFailed} failed), joins {summary.JoinsFound}/{summary.JoinsNotFound}, dead letters {summary.DeadLetters}");
        output.WriteLine(diagnostics.ToString());
        summary.ExecutionsFailed.Should().Be(0);
        summary.EmfViolations.Should().BeEmpty();
        return outputDirectory;
    }

    private static void AssertMatches(string events, string replay)
    {
        var truth = Path.Combine(events, "ground-truth.json");
        GroundTruthComparison.JobDifferences(truth, replay).Should().BeEmpty();
        GroundTruthComparison.MetricDifferences(truth, replay).Should().BeEmpty();
    }
}
