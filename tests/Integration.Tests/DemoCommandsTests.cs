using System.Globalization;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>`brm jobs` and `brm cost` as processes, on the shared demo output.</summary>
[Trait("Category", "Integration")]
[Collection(DemoCollection.Name)]
public sealed class DemoCommandsTests(DemoFixture demo, ITestOutputHelper output)
{
    [Fact]
    public async Task Jobs_with_an_id_prints_that_jobs_json_with_log_stream_instance_durations_and_attempts()
    {
        var expected = demo.Ledger().First(j => j["InstanceId"] is not null && j["LogStreamName"] is not null && j["RunningSeconds"] is not null);
        var id = expected["JobId"]!.GetValue<string>();

        var result = await Brm("jobs", id, "--from", "out");

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle(result.ToString());
        var job = JsonNode.Parse(lines[0])!.AsObject();
        job["JobId"]!.GetValue<string>().Should().Be(id);
        foreach (var field in new[] { "LogStreamName", "InstanceId", "RunnableSeconds", "StartingSeconds", "RunningSeconds", "Attempts", "Status", "JobQueue" })
        {
            job[field]?.ToJsonString().Should().Be(expected[field]!.ToJsonString(), field);
        }

        job["Attempts"]!.GetValue<int>().Should().BePositive();
        result.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Jobs_with_a_job_arn_prints_that_job_as_with_its_id()
    {
        var id = Id(demo.Ledger().First());

        var byArn = await Brm("jobs", $"arn:aws:batch:us-east-1:123456789012:job/{id}", "--from", "out");
        var byId = await Brm("jobs", id, "--from", "out");

        byArn.ExitCode.Should().Be(0, byArn.ToString());
        byArn.Stdout.Should().Be(byId.Stdout).And.Contain(id);
    }

    [Fact]
    public async Task Jobs_failed_json_lists_only_failed_jobs_as_many_as_the_ground_truth()
    {
        var result = await Brm("jobs", "--from", "out", "--failed", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var jobs = Parse(result.Stdout);
        var truthFailed = demo.GroundTruthJobs().Count(j => j!["Status"]!.GetValue<string>() == "FAILED");
        truthFailed.Should().BePositive("a 300-job simulated day has failures");
        jobs.Should().HaveCount(truthFailed);
        jobs.Should().OnlyContain(j => j["Status"]!.GetValue<string>() == "FAILED");
    }

    [Fact]
    public async Task Jobs_queue_and_instance_filter()
    {
        var ledger = demo.Ledger();
        var queue = ledger.GroupBy(j => j["JobQueue"]!.GetValue<string>()).OrderBy(g => g.Count()).First().Key;
        var instance = ledger.Where(j => j["InstanceId"] is not null && j["InstanceId"]!.GetValue<string>().StartsWith("i-", StringComparison.Ordinal))
            .GroupBy(j => j["InstanceId"]!.GetValue<string>()).OrderByDescending(g => g.Count()).First().Key;

        var byQueue = Parse((await Brm("jobs", "--from", "out", "--queue", queue, "--json")).Stdout);
        var byInstance = Parse((await Brm("jobs", "--from", "out", "--instance", instance, "--json")).Stdout);
        var both = Parse((await Brm("jobs", "--from", "out", "--queue", queue, "--instance", instance, "--failed", "--json")).Stdout);
        var table = await Brm("jobs", "--from", "out", "--queue", queue);

        byQueue.Select(Id).Should().BeEquivalentTo(ledger.Where(j => j["JobQueue"]!.GetValue<string>() == queue).Select(Id));
        byInstance.Select(Id).Should().BeEquivalentTo(ledger.Where(j => j["InstanceId"]?.GetValue<string>() == instance).Select(Id));
        byInstance.Count.Should().BeGreaterThan(1);
        both.Select(Id).Should().BeEquivalentTo(ledger.Where(j => j["JobQueue"]!.GetValue<string>() == queue && j["InstanceId"]?.GetValue<string>() == instance && j["Status"]!.GetValue<string>() == "FAILED").Select(Id));
        table.ExitCode.Should().Be(0);
        table.Stdout.Should().Contain($"{byQueue.Count.ToString("N0", CultureInfo.InvariantCulture)} jobs");
        table.Stdout.Should().NotContain("\u001b", "a piped table is plain text, without terminal escape codes");
    }

    [Fact]
    public async Task Jobs_piped_table_keeps_each_job_on_one_line_with_its_full_id_instance_log_stream_exit_code_and_reason()
    {
        // A pipe has no width: a table wrapped to 80 columns cut ids and log streams into pieces grep cannot find.
        var failed = demo.Ledger().Where(j => j["Status"]!.GetValue<string>() == "FAILED").ToList();
        failed.Should().Contain(j => j["ExitCode"] != null && j["StatusReason"] != null, "the demo day has jobs that ran and failed");

        var result = await Brm("jobs", "--from", "out", "--failed", "--limit", "1000");

        result.ExitCode.Should().Be(0, result.ToString());
        var rows = result.Stdout.Split('\n').Where(l => l.StartsWith('│')).Select(Cells).ToList();
        rows.Should().HaveCount(failed.Count + 1, "a header row and one row per job: " + result.Stdout);
        var header = rows[0];
        foreach (var (job, row) in failed.Zip(rows.Skip(1)))
        {
            string Cell(string column) => row[header.IndexOf(column)];
            Cell("Job").Should().Be(Id(job));
            Cell("Instance").Should().Be(job["InstanceId"]?.GetValue<string>() ?? "");
            Cell("Log stream").Should().Be(job["LogStreamName"]?.GetValue<string>() ?? "");
            Cell("Queue").Should().Be(job["JobQueue"]!.GetValue<string>());
            Cell("Exit code").Should().Be(job["ExitCode"]?.ToJsonString() ?? "-");
            Cell("Reason").Should().Be(job["StatusReason"]?.GetValue<string>() ?? "");
        }
    }

    private static List<string> Cells(string row) => row.Trim('│').Split('│').Select(c => c.Trim()).ToList();

    [Fact]
    public async Task Jobs_status_and_name_filter_as_the_ledger_says()
    {
        var ledger = demo.Ledger();
        var name = ledger.GroupBy(j => j["JobName"]!.GetValue<string>()).First(g => g.Count() > 1).Key; // an array job's parent and children share it

        var succeeded = Parse((await Brm("jobs", "--from", "out", "--status", "succeeded", "--json")).Stdout);
        var failedByStatus = Parse((await Brm("jobs", "--from", "out", "--status", "FAILED", "--json")).Stdout);
        var failed = Parse((await Brm("jobs", "--from", "out", "--failed", "--json")).Stdout);
        var byName = Parse((await Brm("jobs", "--from", "out", "--name", name, "--json")).Stdout);

        succeeded.Select(Id).Should().BeEquivalentTo(ledger.Where(j => j["Status"]!.GetValue<string>() == "SUCCEEDED").Select(Id)).And.NotBeEmpty();
        failedByStatus.Select(Id).Should().Equal(failed.Select(Id)).And.NotBeEmpty();
        byName.Select(Id).Should().BeEquivalentTo(ledger.Where(j => j["JobName"]!.GetValue<string>() == name).Select(Id));
        byName.Should().HaveCountGreaterThan(1);
    }

    [Fact]
    public async Task Jobs_sort_runnable_lists_the_longest_waits_first_of_the_filtered_jobs()
    {
        var ledger = demo.Ledger();
        var expected = ledger.Where(j => j["Status"]!.GetValue<string>() == "SUCCEEDED" && j["RunnableSeconds"] is not null)
            .OrderByDescending(j => j["RunnableSeconds"]!.GetValue<double>()).ThenBy(Id, StringComparer.Ordinal).Take(5).Select(Id).ToList();

        var json = Parse((await Brm("jobs", "--from", "out", "--status", "SUCCEEDED", "--sort", "runnable", "--limit", "5", "--json")).Stdout);
        var table = await Brm("jobs", "--from", "out", "--status", "SUCCEEDED", "--sort", "runnable", "--limit", "5");

        json.Select(Id).Should().Equal(expected);
        var rows = table.Stdout.Split('\n').Where(l => l.StartsWith('│')).Select(Cells).Skip(1).ToList();
        rows.Select(r => r[0]).Should().Equal(expected);
        var succeeded = ledger.Count(j => j["Status"]!.GetValue<string>() == "SUCCEEDED");
        table.Stdout.Should().Contain($"{succeeded.ToString("N0", CultureInfo.InvariantCulture)} jobs (5 shown;");
    }

    [Theory]
    [InlineData("--status", "STUCK")]
    [InlineData("--status", "RUNNABLE", "--failed")]
    public async Task Jobs_with_a_status_batch_does_not_have_or_two_statuses_exits_1_with_one_line(params string[] options)
    {
        var result = await Brm(["jobs", "--from", "out", .. options]);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain("--status");
    }

    [Fact]
    public async Task Jobs_skips_lines_that_are_not_ledger_lines_naming_each_and_answers_for_the_rest()
    {
        // A ledger cut short by a stopped replay, or edited by hand: the lookup still works for the jobs it holds.
        var folder = Path.Combine(demo.WorkingDirectory, "damaged");
        Directory.CreateDirectory(folder);
        var good = File.ReadLines(Path.Combine(demo.OutDirectory, "jobs.jsonl")).Take(3).ToList();
        File.WriteAllLines(Path.Combine(folder, "jobs.jsonl"), [good[0], "{\"JobId\": broken", good[1], "", "[1,2]", "{\"Status\":\"FAILED\"}", good[2], "{\"JobId\":\"cut-sh"]);

        var result = await Brm("jobs", "--from", "damaged", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        Parse(result.Stdout).Select(Id).Should().Equal(good.Select(l => Id(JsonNode.Parse(l)!.AsObject())));
        var warnings = result.Stderr.TrimEnd().Split('\n');
        warnings.Should().HaveCount(4, result.Stderr);
        foreach (var (warning, line) in warnings.Zip(new[] { 2, 5, 6, 8 }))
        {
            warning.Should().StartWith($"brm: {Path.Combine("damaged", "jobs.jsonl")}:{line}: skipped: not a ledger line");
        }
    }

    [Fact]
    public async Task Jobs_since_and_until_list_the_jobs_alive_at_some_time_in_the_window()
    {
        var ledger = demo.Ledger();
        var starts = ledger.Select(j => j["CreatedAt"]!.GetValue<long>()).Order().ToList();
        // An hour around the day's median creation: jobs created before it and still running, and jobs after it.
        var since = DateTimeOffset.FromUnixTimeMilliseconds(starts[starts.Count / 2]);
        var until = since.AddHours(1);

        var result = await Brm("jobs", "--from", "out", "--json", "--since", since.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), "--until", until.ToString("O", CultureInfo.InvariantCulture));

        result.ExitCode.Should().Be(0, result.ToString());
        var expected = ledger.Where(j =>
        {
            var created = DateTimeOffset.FromUnixTimeMilliseconds(j["CreatedAt"]!.GetValue<long>());
            var status = j["Status"]!.GetValue<string>();
            // Finished: its attempts' latest stop, else the final status's first sighting; else still alive.
            var latestStop = j["AttemptDetails"]?.AsArray().Select(a => a?["StoppedAt"]?.GetValue<long>()).Max();
            var ended = status is "SUCCEEDED" or "FAILED" ? latestStop ?? j["StatusFirstSeen"]![status]!.GetValue<long>() : (long?)null;
            return created <= until && (ended is null || DateTimeOffset.FromUnixTimeMilliseconds(ended.Value) >= since);
        }).Select(Id).ToList();
        Parse(result.Stdout).Select(Id).Should().BeEquivalentTo(expected);
        expected.Count.Should().BeGreaterThan(1).And.BeLessThan(ledger.Count, "the window leaves out jobs on both sides");
        ledger.Where(j => DateTimeOffset.FromUnixTimeMilliseconds(j["CreatedAt"]!.GetValue<long>()) < since).Select(Id).Intersect(expected)
            .Should().NotBeEmpty("a job created before the window and still alive in it is listed");
    }

    [Theory]
    [InlineData("--since", "2026-12-06T11:00Z", "--until", "2026-12-06T10:00Z")]
    [InlineData("--since", "10:00")]
    [InlineData("--until", "yesterday")]
    public async Task Jobs_with_a_window_that_is_not_one_exits_1_with_one_line(params string[] window)
    {
        var result = await Brm(["jobs", "--from", "out", .. window]);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain(window[1]);
    }

    [Fact]
    public async Task Jobs_with_limit_0_prints_only_how_many_matched()
    {
        var result = await Brm("jobs", "--from", "out", "--limit", "0");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.TrimEnd().Should().Be($"{DemoFixture.Jobs.ToString("N0", CultureInfo.InvariantCulture)} jobs (none shown: --limit 0)");
    }

    [Fact]
    public async Task Jobs_with_an_unknown_id_exits_1_with_one_line()
    {
        var result = await Brm("jobs", "no-such-job", "--from", "out");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain("no-such-job");
    }

    [Fact]
    public async Task Cost_itemises_every_service_and_gives_a_per_million_jobs_figure()
    {
        var result = await Brm("cost", "--from", "out", "--jobs-per-month", "1000000");
        output.WriteLine(result.ToString());

        result.ExitCode.Should().Be(0, result.ToString());
        var text = result.Stdout;
        text.Should().NotContain("\u001b", "piped output is plain text, without terminal escape codes");
        text.Should().Contain("1,000,000 jobs a month").And.Contain($"scaled from {DemoFixture.Jobs} replayed");
        foreach (var item in new[] { "Step Functions", "SQS", "Lambda", "DynamoDB", "CloudWatch Logs", "Custom metrics", "Dashboards" })
        {
            text.Should().Contain(item);
        }

        text.Should().Contain("│ CloudWatch Logs ingestion (EMF + insight records) │", "a piped table is not wrapped to 80 columns");
        text.Should().MatchRegex(@"per 1M jobs: \d+\.\d\d USD");
        text.Should().MatchRegex(@"Dashboards \(per month\)\s*│\s*6 dashboards", "the repository has six dashboards");
        result.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Cost_on_a_missing_folder_exits_1_with_one_line()
    {
        var result = await Brm("cost", "--from", "does-not-exist");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ");
    }

    [Fact]
    public async Task Cost_on_a_summary_that_is_not_one_exits_1_with_one_line()
    {
        var folder = Path.Combine(demo.WorkingDirectory, "cut-summary");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.json"), File.ReadAllText(Path.Combine(demo.OutDirectory, "summary.json"))[..200]);

        var result = await Brm("cost", "--from", "cut-summary");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain("is not a replay summary");
    }

    private Task<BrmResult> Brm(params string[] args) => BrmProcess.RunAsync(demo.WorkingDirectory, args);

    private static List<JsonObject> Parse(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    private static string Id(JsonObject job) => job["JobId"]!.GetValue<string>();
}
