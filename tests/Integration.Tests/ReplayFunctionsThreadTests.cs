using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.Brm.Replay.Spill;
using BatchRuntimeMonitor.Local.Simulator;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// Running the functions on a thread of their own, beside the state machines, changes how fast a replay is, never
/// what it writes: the same files as when one thread runs the state machines and functions (the input then read on a
/// thread of its own), in order, shuffled, duplicated, spilling at every event, and when a function rejects messages
/// (retried, then dead-lettered with its reason). So does where the input is read beside the functions' thread.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReplayFunctionsThreadTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] SameFiles = ["jobs.jsonl", "instances.jsonl", "emf.jsonl", "insights.jsonl"];

    /// <summary>Looks for settled records at every event, so the spill's wait for the functions' thread is exercised constantly.</summary>
    private static readonly SpillOptions Eager = new() { Window = TimeSpan.Zero, CheckEveryEvents = 1 };

    private readonly string _work = Directory.CreateTempSubdirectory("brm-functions-thread-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_day_replayed_with_the_functions_on_their_own_thread_writes_what_one_thread_writes()
    {
        var day = Simulate(jobs: 400, seed: 31);

        var oneThread = await ReplayAsync(day, "one-thread", functionsThread: false, spill: new SpillOptions());
        var twoThreads = await ReplayAsync(day, "functions-thread", functionsThread: true, spill: new SpillOptions());

        AssertSameOutput(oneThread, twoThreads);
        File.ReadAllText(Path.Combine(twoThreads, "dlq.jsonl")).Should().BeEmpty();
    }

    [Theory]
    [InlineData(10)]
    [InlineData(null)]
    public async Task Shuffled_and_duplicated_events_spilled_at_every_event_give_the_same_output_on_either_thread(int? maxDisplacementMinutes)
    {
        var day = Simulate(jobs: 300, seed: 32);
        var shuffled = EventShuffler.Write(day, Path.Combine(_work, "shuffled", "events.jsonl"), seed: 5, duplicateFraction: 0.10,
            maxDisplacement: maxDisplacementMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null);

        var oneThread = await ReplayAsync(shuffled, "one-thread", functionsThread: false, spill: Eager);
        var twoThreads = await ReplayAsync(shuffled, "functions-thread", functionsThread: true, spill: Eager);

        AssertSameOutput(oneThread, twoThreads);
    }

    [Fact]
    public async Task With_the_functions_on_their_own_thread_reading_the_input_on_a_third_writes_what_reading_it_on_the_pipelines_writes()
    {
        var day = Simulate(jobs: 300, seed: 34);
        var shuffled = EventShuffler.Write(day, Path.Combine(_work, "shuffled", "events.jsonl"), seed: 6, duplicateFraction: 0.10, maxDisplacement: null);

        var pipelineReads = await ReplayAsync(shuffled, "input-on-pipeline-thread", functionsThread: true, spill: Eager, inputThread: false);
        var readerThread = await ReplayAsync(shuffled, "input-on-own-thread", functionsThread: true, spill: Eager, inputThread: true);

        AssertSameOutput(pipelineReads, readerThread);
        File.ReadAllLines(Path.Combine(readerThread, "dlq.jsonl")).Should().Equal(File.ReadAllLines(Path.Combine(pipelineReads, "dlq.jsonl")));
    }

    [Fact]
    public async Task Messages_a_function_rejects_are_retried_then_dead_lettered_with_its_reason_on_either_thread()
    {
        var day = Simulate(jobs: 200, seed: 33);
        var withBadEvents = Path.Combine(_work, "with-bad-events");
        var badEventIds = CopyWithRejectedEvents(day, withBadEvents, every: 40);

        var oneThread = await ReplayAsync(withBadEvents, "one-thread", functionsThread: false, spill: new SpillOptions());
        var twoThreads = await ReplayAsync(withBadEvents, "functions-thread", functionsThread: true, spill: new SpillOptions());

        AssertSameOutput(oneThread, twoThreads);
        foreach (var replay in new[] { oneThread, twoThreads })
        {
            var letters = DeadLetters(replay);
            letters.Should().HaveCount(badEventIds.Count, "each rejected message is dead-lettered once, after its last receive");
            letters.Select(l => l["EventId"]!.GetValue<string>()).Should().BeEquivalentTo(badEventIds);
            letters.Should().AllSatisfy(l =>
            {
                l["Stage"]!.GetValue<string>().Should().Be("function");
                l["Where"]!.GetValue<string>().Should().Be("JobTransitionsFunction");
                l["Reason"]!.GetValue<string>().Should().Contain("detail.attempts[] is Null, expected an object");
            });

            // The template's maxReceiveCount is 5: four retries of each rejected message before it is dead-lettered.
            var summary = ReplayOutputs.Summary(replay);
            (summary["FunctionRecords"]!.GetValue<long>() - summary["Executions"]!.GetValue<long>()).Should().Be(4 * badEventIds.Count);
        }

        // The same letters; only their place among the others in dlq.jsonl may differ (collected later on two threads).
        File.ReadAllLines(Path.Combine(twoThreads, "dlq.jsonl")).Should().BeEquivalentTo(File.ReadAllLines(Path.Combine(oneThread, "dlq.jsonl")));
    }

    private string Simulate(int jobs, int seed)
    {
        var directory = Path.Combine(_work, $"day-{seed}");
        DaySimulator.Run(new SimulationOptions { Jobs = jobs, Seed = seed, OutputDirectory = directory });
        return directory;
    }

    /// <summary>
    /// The day, with a Batch job event the JobTransitions function rejects (a null attempt) after every
    /// <paramref name="every"/>th Batch event, at that event's time; returns the ids of the inserted events.
    /// </summary>
    private static List<string> CopyWithRejectedEvents(string day, string destination, int every)
    {
        Directory.CreateDirectory(destination);
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.SharedEvents, "batch-job", "awsdocs-batch-runnable-2022.json")))!;
        var ids = new List<string>();
        foreach (var file in Directory.EnumerateFiles(day, "*.jsonl"))
        {
            var lines = new List<string>();
            var index = 0;
            foreach (var line in File.ReadLines(file))
            {
                lines.Add(line);
                if (Path.GetFileName(file) == "batch.jsonl" && ++index % every == 0)
                {
                    var bad = sample.DeepClone();
                    var id = $"rejected-{ids.Count}";
                    bad["id"] = id;
                    bad["time"] = JsonNode.Parse(line)!["time"]!.DeepClone();
                    bad["detail"]!["jobId"] = $"job-{id}";
                    bad["detail"]!["attempts"] = new JsonArray((JsonNode?)null);
                    lines.Add(bad.ToJsonString());
                    ids.Add(id);
                }
            }

            File.WriteAllLines(Path.Combine(destination, Path.GetFileName(file)), lines);
        }

        ids.Should().NotBeEmpty();
        return ids;
    }

    private async Task<string> ReplayAsync(string input, string name, bool functionsThread, SpillOptions spill, bool? inputThread = null)
    {
        var outputDirectory = Path.Combine(_work, "out-" + name);
        var runner = new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryPaths.InRepo("template.yaml"),
            OutputDirectory = outputDirectory,
            FunctionsThread = functionsThread,
            InputThread = inputThread,
            Spill = spill,
        });
        var summary = await runner.RunAsync([input], null, TextWriter.Null, CancellationToken.None);
        output.WriteLine($"{name}: read {summary.EventsRead}, jobs {summary.Jobs}, batches {summary.FunctionBatches}, dead letters {summary.DeadLetters}");
        summary.ExecutionsFailed.Should().Be(0);
        summary.Jobs.Should().BePositive();
        return outputDirectory;
    }

    private static void AssertSameOutput(string expected, string actual) => ReplayOutputs.AssertSame(expected, actual, SameFiles, "the functions' thread");

    private static List<JsonNode> DeadLetters(string directory) =>
        File.ReadAllLines(Path.Combine(directory, "dlq.jsonl")).Select(line => JsonNode.Parse(line)!).ToList();
}
