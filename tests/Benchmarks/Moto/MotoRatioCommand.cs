using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.Simulator;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Benchmarks.Moto;

/// <summary>
/// <c>Benchmarks moto-ratio [--jobs 20] [--events N] [--day-jobs 200] [--seed 42] [--work folder]</c>: the same
/// small sample of a simulated day replayed locally (brm replay's ReplayRunner) and through moto_server
/// (<see cref="MotoPipeline"/>), timed, and compared on what a user checks. Prints markdown tables; timings are
/// printed, never asserted. Exit 0 when the two runs agree, 1 on a usage error or when they disagree.
/// </summary>
public static class MotoRatioCommand
{
    private const int LocalWarmUpRuns = 3;
    private const int LocalRuns = 5;

    /// <summary>Both runs use the template's minimum wait, so a join that misses costs moto 1 s per retry rather than 5.</summary>
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal) { ["JoinWaitSeconds"] = "1" };

    public static async Task<int> RunAsync(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"moto-ratio: {e.Message}");
            return 1;
        }

        var cancellationToken = CancellationToken.None;
        var templatePath = RepositoryPaths.InRepo("template.yaml");
        var day = Path.Combine(options.Work, $"day-{options.DayJobs}-seed{options.Seed}");
        if (!File.Exists(Path.Combine(day, DaySimulator.GroundTruthFileName)))
        {
            DaySimulator.Run(new SimulationOptions { Jobs = options.DayJobs, Seed = options.Seed, OutputDirectory = day });
        }

        var sample = EventSample.Take(day, options.Jobs, options.Events, Path.Combine(options.Work, "sample", "events.jsonl"));
        Console.WriteLine($"Simulated day: {options.DayJobs:N0} jobs, seed {options.Seed} ({day}).");
        Console.WriteLine($"Sample: the first {sample.JobIds} jobs ({sample.RootJobs} submissions; an array job comes with its children) and the {sample.Instances} container instances they name: {sample.Events.Count:N0} events ({sample.File}).");

        var (local, localEndToEnd) = await RunLocalAsync(templatePath, sample.File, options.Work, cancellationToken);

        var server = new MotoServer();
        await server.InitializeAsync();
        try
        {
            if (server.Endpoint is null)
            {
                await Console.Error.WriteLineAsync($"moto-ratio: {server.UnavailableReason}");
                return 1;
            }

            await server.EnableStepFunctionsExecutionAsync();
            var setup = Stopwatch.StartNew();
            var motoOutput = Path.Combine(options.Work, "moto");
            using var pipeline = await MotoPipeline.CreateAsync(server.Endpoint, templatePath, Parameters, motoOutput, cancellationToken);
            await pipeline.WarmUpAsync(cancellationToken);
            setup.Stop();
            var moto = await pipeline.RunAsync(sample.Events, motoOutput, server.ProcessorTime, cancellationToken);

            PrintTimes(sample, local, localEndToEnd, moto, pipeline, setup.Elapsed);
            var differences = PrintComparison(local, moto);
            Console.WriteLine();
            Console.WriteLine(differences.Count == 0 ? "The two runs agree." : $"The runs disagree on: {string.Join(", ", differences)} (outputs: {Path.Combine(options.Work, "local")} and {motoOutput}).");
            return differences.Count == 0 ? 0 : 1;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// ReplayRunner.RunAsync, as brm replay and brm bench run it: the pipeline built from template.yaml, the input
    /// read, the replay, the output files written. On a sample this small the fixed part dominates, so an empty input
    /// is timed too and the replay's own time is the difference. Untimed runs of each first (so the JIT's tiered
    /// compilation has promoted the hot paths, as it has in a long replay), then the median of <see cref="LocalRuns"/> runs of each.
    /// </summary>
    private static async Task<(RunFigures Replay, double EndToEndSeconds)> RunLocalAsync(string templatePath, string sampleFile, string work, CancellationToken cancellationToken)
    {
        var outputDirectory = Path.Combine(work, "local");
        var emptyInput = Path.Combine(work, "sample", "empty.jsonl");
        await File.WriteAllTextAsync(emptyInput, "", cancellationToken);
        var empty = new ReplayRunner(new ReplayOptions { TemplatePath = templatePath, OutputDirectory = Path.Combine(work, "local-empty"), ValidateEmf = false, Parameters = Parameters });
        var runner = new ReplayRunner(new ReplayOptions { TemplatePath = templatePath, OutputDirectory = outputDirectory, ValidateEmf = false, Parameters = Parameters });
        async Task<(double Seconds, double CpuSeconds, ReplaySummary Summary)> MedianAsync(ReplayRunner replay, string input)
        {
            for (var i = 0; i < LocalWarmUpRuns; i++)
            {
                await replay.RunAsync([input], null, TextWriter.Null, cancellationToken);
            }

            var runs = new List<(double Seconds, double CpuSeconds, ReplaySummary Summary)>();
            for (var i = 0; i < LocalRuns; i++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var summary = await replay.RunAsync([input], null, TextWriter.Null, cancellationToken);
                runs.Add((watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, summary));
            }

            Console.WriteLine(Invariant($"local runs on {Path.GetFileName(input)}: {string.Join(", ", runs.Select(r => r.Seconds.ToString("0.000", CultureInfo.InvariantCulture)))} s"));
            return runs.OrderBy(r => r.Seconds).ElementAt(LocalRuns / 2);
        }

        var (fixedSeconds, fixedCpu, _) = await MedianAsync(empty, emptyInput);
        var (seconds, cpuSeconds, summary) = await MedianAsync(runner, sampleFile);
        var functionDeadLetters = File.ReadLines(Path.Combine(outputDirectory, "dlq.jsonl"))
            .Count(line => JsonDocument.Parse(line).RootElement.GetProperty(nameof(DeadLetter.Stage)).GetString() == "function");
        var replay = new RunFigures
        {
            Seconds = Math.Max(seconds - fixedSeconds, 1e-6),
            CpuSeconds = Math.Max(cpuSeconds - fixedCpu, 1e-6),
            Events = summary.EventsRead,
            ExecutionsByStateMachine = summary.ExecutionsByStateMachine,
            ExecutionsFailed = summary.ExecutionsFailed,
            MessagesByQueue = summary.MessagesByQueue,
            JoinsFound = summary.JoinsFound,
            JoinsNotFound = summary.JoinsNotFound,
            FunctionFailures = functionDeadLetters,
            Ledger = RunFigures.ReadLedger(Path.Combine(outputDirectory, "jobs.jsonl")),
            Instances = summary.Instances,
            InsightRecords = summary.InsightRecords,
            Metrics = summary.Metrics,
        };
        return (replay, seconds);
    }

    private static void PrintTimes(EventSample sample, RunFigures local, double localEndToEnd, RunFigures moto, MotoPipeline pipeline, TimeSpan setup)
    {
        Console.WriteLine();
        Console.WriteLine("| sample events | time | local s | local events/s | moto s | moto events/s | local/moto |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(Invariant($"| {sample.Events.Count:N0} | wall | {local.Seconds:0.000} | {local.EventsPerSecond:N0} | {moto.Seconds:0.0} | {moto.EventsPerSecond:0.00} | {local.EventsPerSecond / moto.EventsPerSecond:N0}x |"));
        Console.WriteLine(Invariant($"| {sample.Events.Count:N0} | CPU | {local.CpuSeconds:0.000} | {local.Events / local.CpuSeconds:N0} | {moto.CpuSeconds:0.0} | {moto.Events / moto.CpuSeconds:0.00} | {moto.CpuSeconds / local.CpuSeconds:N0}x |"));
        Console.WriteLine();
        var endToEndRate = sample.Events.Count / localEndToEnd;
        Console.WriteLine(Invariant($"local: ReplayRunner.RunAsync on the sample less the same on an empty input (medians of {LocalRuns} runs, after {LocalWarmUpRuns} untimed runs of each); the whole RunAsync on the sample took {localEndToEnd:0.000} s ({endToEndRate:N0} events/s, {endToEndRate / moto.EventsPerSecond:N0}x moto)."));
        var other = TimeSpan.FromSeconds(moto.Seconds) - pipeline.CreateMachineTime - pipeline.ExecutionTime - pipeline.SqsTime - pipeline.FunctionTime;
        Console.WriteLine(Invariant($"moto: {moto.ExecutionsByStateMachine.Values.Sum():N0} executions: CreateStateMachine {pipeline.CreateMachineTime.TotalSeconds:0.0} s; StartExecution, DescribeExecution every {MotoPipeline.PollInterval.TotalMilliseconds:0} ms until it ended, DeleteStateMachine {pipeline.ExecutionTime.TotalSeconds:0.0} s"));
        Console.WriteLine(Invariant($"  (of which {pipeline.JoinWaits} join Wait states x {Parameters["JoinWaitSeconds"]} s); SQS ReceiveMessage/DeleteMessageBatch {pipeline.SqsTime.TotalSeconds:0.0} s; functions with their DynamoDB calls on moto {pipeline.FunctionTime.TotalSeconds:0.0} s; routing and the rest {other.TotalSeconds:0.0} s."));
        Console.WriteLine(Invariant($"CPU: processor time of this process over the same spans; for moto plus the moto_server process's (Python), so it does not depend on how busy the machine is."));
        Console.WriteLine(Invariant($"Not in the moto time: starting moto_server; creating its queues and tables, loading the functions and one warm-up execution ({setup.TotalSeconds:0.0} s); counting the dead-letter queue and reading the ledger back."));
    }

    /// <summary>Prints what both runs produced side by side; returns the names of the checks that differ.</summary>
    private static List<string> PrintComparison(RunFigures local, RunFigures moto)
    {
        var differences = new List<string>();
        Console.WriteLine();
        Console.WriteLine("| check | local | moto | |");
        Console.WriteLine("|---|---:|---:|---|");
        void Row(string check, string localValue, string motoValue, bool agree)
        {
            Console.WriteLine($"| {check} | {localValue} | {motoValue} | {(agree ? "same" : "DIFFERENT")} |");
            if (!agree)
            {
                differences.Add(check);
            }
        }

        void Count(string check, long localValue, long motoValue) => Row(check, localValue.ToString("N0", CultureInfo.InvariantCulture), motoValue.ToString("N0", CultureInfo.InvariantCulture), localValue == motoValue);

        foreach (var machine in local.ExecutionsByStateMachine.Keys.Union(moto.ExecutionsByStateMachine.Keys).Order(StringComparer.Ordinal))
        {
            Count($"executions of {machine}", local.ExecutionsByStateMachine.GetValueOrDefault(machine), moto.ExecutionsByStateMachine.GetValueOrDefault(machine));
        }

        Count("failed executions", local.ExecutionsFailed, moto.ExecutionsFailed);
        foreach (var queue in local.MessagesByQueue.Keys.Union(moto.MessagesByQueue.Keys).Order(StringComparer.Ordinal))
        {
            Count($"SQS messages to {queue}", local.MessagesByQueue.GetValueOrDefault(queue), moto.MessagesByQueue.GetValueOrDefault(queue));
        }

        // Not a check: locally a function sees a message after its queue's 5 s batching window (virtual time), while
        // the join gives up after JoinMaxAttempts lookups JoinWaitSeconds apart; here every message reaches its function
        // right after its execution. A record that misses the join is attributed by the function from its own store.
        Console.WriteLine($"| joins found / not found (delivery timing differs; not a check) | {local.JoinsFound} / {local.JoinsNotFound} | {moto.JoinsFound} / {moto.JoinsNotFound} | |");
        Count("messages the functions failed", local.FunctionFailures, moto.FunctionFailures);
        Count("container instances registered", local.Instances, moto.Instances);
        Count("jobs in the ledger", local.Ledger.Count, moto.Ledger.Count);

        var jobIds = local.Ledger.Keys.Intersect(moto.Ledger.Keys, StringComparer.Ordinal).ToList();
        var statuses = jobIds.Count(id => RunFigures.StatusOf(local.Ledger[id]) == RunFigures.StatusOf(moto.Ledger[id]));
        Row("ledger jobs with the same status", $"{statuses} of {local.Ledger.Count}", $"{statuses} of {moto.Ledger.Count}", statuses == local.Ledger.Count && statuses == moto.Ledger.Count);
        Row("ledger status counts", StatusCounts(local.Ledger), StatusCounts(moto.Ledger), StatusCounts(local.Ledger) == StatusCounts(moto.Ledger));
        var identical = jobIds.Count(id => local.Ledger[id] == moto.Ledger[id]);
        Row("jobs.jsonl lines identical", $"{identical} of {local.Ledger.Count}", $"{identical} of {moto.Ledger.Count}", identical == local.Ledger.Count && identical == moto.Ledger.Count);
        Count("JobInsight records", local.InsightRecords, moto.InsightRecords);

        var keys = local.Metrics.SelectMany(m => m.Value.Keys.Select(k => (m.Key, k))).Union(moto.Metrics.SelectMany(m => m.Value.Keys.Select(k => (m.Key, k)))).ToList();
        var sameTotals = keys.Count(k => Total(local, k) is { } l && Total(moto, k) is { } m && l == m);
        Row("EMF metric totals (metric x dimensions) equal", $"{sameTotals} of {keys.Count}", $"{sameTotals} of {keys.Count}", sameTotals == keys.Count);
        return differences;
    }

    private static double? Total(RunFigures run, (string Metric, string Dimensions) key) =>
        run.Metrics.TryGetValue(key.Metric, out var byDimensions) && byDimensions.TryGetValue(key.Dimensions, out var total) ? total : null;

    private static string StatusCounts(IReadOnlyDictionary<string, string> ledger) =>
        string.Join(" ", ledger.Values.GroupBy(RunFigures.StatusOf).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Options(int Jobs, int? Events, int DayJobs, int Seed, string Work)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options(20, null, 200, 42, Path.Combine(Path.GetTempPath(), "brm-moto-ratio"));
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{args[i]} needs a value");
                options = args[i] switch
                {
                    "--jobs" => options with { Jobs = Positive(args[i], value) },
                    "--events" => options with { Events = Positive(args[i], value) },
                    "--day-jobs" => options with { DayJobs = Positive(args[i], value) },
                    "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--work" => options with { Work = value },
                    _ => throw new FormatException($"unknown option {args[i]} (known: --jobs, --events, --day-jobs, --seed, --work)"),
                };
                i++;
            }

            return options;
        }

        private static int Positive(string name, string value) =>
            int.TryParse(value, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : throw new FormatException($"{name} must be a positive whole number, not '{value}'");
    }
}
