using System.IO.Compression;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// `brm replay` as a process on a folder mixing every input format with bad input: JSON Lines with a malformed line
/// and a non-event object, a JSON array, a CloudTrail log file and a gzipped JSON Lines file.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReplayInputsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-replay-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Mixed_formats_with_bad_lines_are_counted_reported_and_dead_lettered()
    {
        var inputs = WriteInputs();

        var lenient = await BrmProcess.RunAsync(_work, "replay", inputs.Folder, "--out", "lenient");
        var strict = await BrmProcess.RunAsync(_work, "replay", inputs.Folder, "--out", "strict", "--strict");
        output.WriteLine(lenient.ToString());

        lenient.ExitCode.Should().Be(0, lenient.ToString());
        strict.ExitCode.Should().Be(1, "--strict fails a replay that rejected input\n" + strict);

        foreach (var result in new[] { lenient, strict })
        {
            result.Stderr.Should().Contain($"{inputs.JsonLines}:{inputs.MalformedLine}: skipped: not JSON");
            result.Stderr.Should().Contain($"{inputs.JsonLines}:{inputs.NonEventLine}: skipped: not an EventBridge event");
            result.Stderr.Should().NotContain("unexpected error");
        }

        foreach (var folder in new[] { "lenient", "strict" })
        {
            var outDir = Path.Combine(_work, folder);
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!;
            summary["EventsRead"]!.GetValue<long>().Should().Be(inputs.Valid, "every valid event of every file is read");
            summary["EventsMatched"]!.GetValue<long>().Should().Be(inputs.Matched);
            summary["EventsUnmatched"]!.GetValue<long>().Should().Be(inputs.Valid - inputs.Matched);
            summary["EventsRejected"]!.GetValue<long>().Should().Be(2);
            summary["MalformedInputs"]!.GetValue<long>().Should().Be(2);
            summary["Executions"]!.GetValue<long>().Should().Be(inputs.Matched, "each matched event starts one execution");
            summary["ExecutionsFailed"]!.GetValue<long>().Should().Be(0);

            var letters = File.ReadAllLines(Path.Combine(outDir, "dlq.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
            var rejected = letters.Where(l => l["Stage"]!.GetValue<string>() == "input").ToList();
            rejected.Should().HaveCount(2);
            rejected.Select(l => l["Where"]!.GetValue<string>()).Should().BeEquivalentTo(
                [$"{inputs.JsonLines}:{inputs.MalformedLine}", $"{inputs.JsonLines}:{inputs.NonEventLine}"]);
            rejected.Single(l => l["Where"]!.GetValue<string>().EndsWith($":{inputs.MalformedLine}", StringComparison.Ordinal))["Reason"]!.GetValue<string>().Should().StartWith("not JSON");
            rejected.Single(l => l["Where"]!.GetValue<string>().EndsWith($":{inputs.NonEventLine}", StringComparison.Ordinal))["Reason"]!.GetValue<string>().Should().Contain("not an EventBridge event");
            summary["DeadLetters"]!.GetValue<long>().Should().Be(letters.Count);
            summary["DeadLettersByStage"]!.AsObject().Select(p => (p.Key, p.Value!.GetValue<long>()))
                .Should().BeEquivalentTo(letters.GroupBy(l => l["Stage"]!.GetValue<string>()).Select(g => (g.Key, (long)g.Count())));

            // Per kind, most first: the ECS samples read from lines and an array, the CloudTrail record built in code.
            var byKind = summary["EventsUnmatchedByKind"]!.AsObject().Select(p => (p.Key, Count: p.Value!.GetValue<long>())).ToList();
            byKind.Should().BeEquivalentTo(inputs.UnmatchedKinds.Select(p => (p.Key, Count: p.Value)));
            byKind.Select(k => k.Count).Should().BeInDescendingOrder();
        }

        var (largestKind, largestCount) = inputs.UnmatchedKinds.MaxBy(p => p.Value);
        lenient.Stdout.Should().Contain($"unmatched: {largestKind} {largestCount}");

        lenient.Stdout.Should().Contain($"events read {inputs.Valid}, matched {inputs.Matched}, unmatched {inputs.Valid - inputs.Matched}, rejected 2");
        var lenientLetters = ReplayOutputs.Summary(Path.Combine(_work, "lenient"))["DeadLettersByStage"]!.AsObject();
        lenient.Stdout.Should().Contain($"dead letters {lenientLetters.Sum(p => p.Value!.GetValue<long>())} ({string.Join(", ", lenientLetters.Select(p => $"{p.Key} {p.Value}"))}; dlq.jsonl says why)");
    }

    [Fact]
    public async Task Standard_input_is_read_when_the_input_is_a_dash_gzipped_or_not()
    {
        // `aws s3 cp s3://archive/2026/12/06/10/batch-events-1-... - | brm replay -`: a Firehose object, gzipped.
        var batch = SharedEvents.AllFiles().Where(f => f.Contains($"{Path.DirectorySeparatorChar}batch-job{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Select(Compact).ToList();
        var firehoseObject = System.Text.Encoding.UTF8.GetBytes(string.Concat(batch) + "{\"detail-type\": broken}");
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(firehoseObject);
        }

        foreach (var (name, bytes) in new[] { ("plain", firehoseObject), ("gzip", gzipped.ToArray()) })
        {
            var result = await BrmProcess.RunAsync(_work, ["replay", "-", "--out", name], standardInput: bytes);

            result.ExitCode.Should().Be(0, result.ToString());
            result.Stdout.Should().Contain($"events read {batch.Count}, matched {batch.Count}, unmatched 0, rejected 1", name);
            result.Stderr.Should().Contain($"stdin:{batch.Count + 1}: skipped: not JSON: record {batch.Count + 1}, at byte", name);
            File.ReadAllLines(Path.Combine(_work, name, "dlq.jsonl")).Select(l => JsonNode.Parse(l)!).Where(l => l["Stage"]!.GetValue<string>() == "input")
                .Should().ContainSingle().Which["Where"]!.GetValue<string>().Should().Be($"stdin:{batch.Count + 1}");
        }
    }

    [Fact]
    public async Task A_folders_files_that_hold_no_events_are_counted_on_stdout_and_named_on_stderr()
    {
        var folder = Path.Combine(_work, "download");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "batch-events-1-2026-12-06-10-00-00-0c1d"), Compact(SharedEvents.AllFiles().First(f => f.Contains("batch-job", StringComparison.Ordinal))));
        File.WriteAllText(Path.Combine(folder, "README.md"), "# archive\n");
        File.WriteAllText(Path.Combine(folder, "LICENSE"), "MIT\n");

        var result = await BrmProcess.RunAsync(_work, "replay", folder, "--out", "out");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("events read 1,").And.Contain("files not read 2: they hold no events");
        result.Stderr.Should().Contain($"{Path.Combine(folder, "README.md")}: not read: not an event file: it starts with '#'")
            .And.Contain($"{Path.Combine(folder, "LICENSE")}: not read: not an event file: it starts with 'M'");
        ReplayOutputs.Summary(Path.Combine(_work, "out"))["FilesNotRead"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task A_replays_own_output_inside_the_input_folder_is_named_and_not_read_as_events()
    {
        // `brm replay day --out day/out`, twice: the first run's output and this run's own are in the folder walked.
        var day = Path.Combine(_work, "day");
        Directory.CreateDirectory(day);
        var batch = SharedEvents.AllFiles().Where(f => f.Contains($"{Path.DirectorySeparatorChar}batch-job{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Select(Compact).ToList();
        File.WriteAllLines(Path.Combine(day, "events.jsonl"), batch);

        var first = await BrmProcess.RunAsync(_work, "replay", "day", "--out", Path.Combine("day", "out"));
        var again = await BrmProcess.RunAsync(_work, "replay", "day", "--out", Path.Combine("day", "out"));
        var elsewhere = await BrmProcess.RunAsync(_work, "replay", "day", "--out", "elsewhere");
        // brm demo's layout: the events in a folder below --out are input.
        var around = await BrmProcess.RunAsync(_work, "replay", "day", "--out", ".");

        foreach (var result in new[] { first, again, elsewhere, around })
        {
            result.ExitCode.Should().Be(0, result.ToString());
            result.Stdout.Should().Contain($"events read {batch.Count}, matched {batch.Count}, unmatched 0, rejected 0", result.ToString());
        }

        again.Stderr.Should().Contain($"{Path.Combine("day", "out", "jobs.jsonl")}: not read: not an event file: it is in this replay's --out folder");
        elsewhere.Stderr.Should().Contain($"{Path.Combine("day", "out", "jobs.jsonl")}: not read: not an event file: a replay's output (summary.json beside it)");
        ReplayOutputs.Summary(Path.Combine(_work, "elsewhere"))["FilesNotRead"]!.AsArray().Select(f => f!.GetValue<string>())
            .Should().Contain(f => f.StartsWith(Path.Combine("day", "out", "emf.jsonl"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_input_exits_1_with_one_line()
    {
        var result = await BrmProcess.RunAsync(_work, "replay", "no-such-folder", "--out", "out");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain("no-such-folder");
    }

    private sealed record Inputs(string Folder, string JsonLines, int MalformedLine, int NonEventLine, int Valid, int Matched, Dictionary<string, long> UnmatchedKinds);

    /// <summary>
    /// Batch events (source aws.batch) match the BatchJobRule; the shared ECS samples are on non-Batch clusters
    /// ("default", "FargateCluster") and the CloudTrail sample is a console CreateAutoScalingGroup call not invoked
    /// by Batch, so those are read but match no rule.
    /// </summary>
    private Inputs WriteInputs()
    {
        var folder = Path.Combine(_work, "in");
        Directory.CreateDirectory(folder);
        var batch = SharedEvents.AllFiles().Where(f => f.Contains($"{Path.DirectorySeparatorChar}batch-job{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        var ecs = SharedEvents.AllFiles().Where(f => Path.GetFileName(Path.GetDirectoryName(f)!).StartsWith("ecs-", StringComparison.Ordinal)).ToList();
        var cloudTrail = SharedEvents.AllFiles().Single(f => Path.GetFileName(Path.GetDirectoryName(f)!).StartsWith("cloudtrail-", StringComparison.Ordinal));
        batch.Should().HaveCountGreaterThanOrEqualTo(10);
        ecs.Should().HaveCountGreaterThanOrEqualTo(3);

        // JSON Lines: valid, valid, malformed (line 3), valid, non-event object (line 5), valid, valid, ECS.
        var jsonLines = Path.Combine(folder, "events.jsonl");
        File.WriteAllLines(jsonLines,
        [
            Compact(batch[0]), Compact(batch[1]), "{\"detail-type\": broken", Compact(batch[2]), "{\"hello\":\"world\"}", Compact(batch[3]), Compact(batch[4]), Compact(ecs[0]),
        ]);

        // A JSON array file (pretty-printed), a CloudTrail log file and a .gz of JSON Lines.
        File.WriteAllText(Path.Combine(folder, "array.json"), new JsonArray(batch[5..9].Append(ecs[1]).Select(f => (JsonNode?)JsonNode.Parse(File.ReadAllText(f))).ToArray()).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(folder, "cloudtrail.json"), new JsonObject { ["Records"] = new JsonArray(JsonNode.Parse(File.ReadAllText(cloudTrail))) }.ToJsonString());
        using (var gz = new GZipStream(File.Create(Path.Combine(folder, "more.jsonl.gz")), CompressionLevel.Optimal))
        using (var writer = new StreamWriter(gz))
        {
            foreach (var file in batch[9..].Append(ecs[2]))
            {
                writer.WriteLine(Compact(file));
            }
        }

        var valid = 6 + 5 + 1 + (batch.Count - 9 + 1);
        var record = JsonNode.Parse(File.ReadAllText(cloudTrail))!;
        var recordSource = "aws." + record["eventSource"]!.GetValue<string>().Split('.')[0]; // how CloudTrail events are named on EventBridge
        var unmatchedKinds = ecs.Take(3).Select(f => JsonNode.Parse(File.ReadAllText(f))!)
            .Select(e => $"{e["source"]}: {e["detail-type"]}" + (e["detail-type"]!.GetValue<string>() == "ECS Task State Change" ? $" ({e["detail"]!["lastStatus"]} -> {e["detail"]!["desiredStatus"]})" : ""))
            .Append($"{recordSource}: AWS API Call via CloudTrail ({record["eventName"]})")
            .GroupBy(kind => kind).ToDictionary(g => g.Key, g => (long)g.Count());
        return new Inputs(folder, jsonLines, 3, 5, valid, batch.Count, unmatchedKinds);
    }

    private static string Compact(string file) => JsonNode.Parse(File.ReadAllText(file))!.ToJsonString();
}
