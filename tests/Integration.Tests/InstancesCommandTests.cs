using System.Globalization;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>`brm instances` as a process on the shared demo output, checked against the ledger and registry it read.</summary>
[Trait("Category", "Integration")]
[Collection(DemoCollection.Name)]
public sealed class InstancesCommandTests(DemoFixture demo)
{
    [Fact]
    public async Task Every_attempt_of_the_ledger_is_on_one_instance_or_counted_apart_and_every_registered_instance_is_listed()
    {
        var attempts = demo.Ledger().SelectMany(job => job["AttemptDetails"]?.AsArray() ?? []).Select(a => a!.AsObject()).ToList();
        var registered = File.ReadLines(Path.Combine(demo.OutDirectory, "instances.jsonl")).Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!["Ec2InstanceId"]!.GetValue<string>()).Distinct().ToList();

        var json = await Brm("instances", "--from", "out", "--json", "--limit", "100000");
        var table = await Brm("instances", "--from", "out", "--limit", "0");

        json.ExitCode.Should().Be(0, json.ToString());
        var rows = Parse(json.Stdout);
        rows.Select(Id).Should().OnlyHaveUniqueItems().And.Contain(registered);
        var fargate = attempts.Count(a => a["InstanceId"]?.GetValue<string>() == "FARGATE");
        var unknown = attempts.Count(a => a["InstanceId"] is null);
        fargate.Should().BePositive("the demo day runs Fargate jobs");
        rows.Sum(r => r["Attempts"]!.GetValue<long>()).Should().Be(attempts.Count - fargate - unknown);
        foreach (var row in rows)
        {
            var here = attempts.Where(a => a["InstanceId"]?.GetValue<string>() == Id(row)).ToList();
            var failed = here.Count(a => a["StoppedAt"] is not null && a["ExitCode"]?.GetValue<int>() != 0);
            row["Attempts"]!.GetValue<long>().Should().Be(here.Count, Id(row));
            row["AttemptsFailed"]!.GetValue<long>().Should().Be(failed, Id(row));
        }

        var counts = rows.Select(r => (Failed: r["AttemptsFailed"]!.GetValue<long>(), Attempts: r["Attempts"]!.GetValue<long>())).ToList();
        counts.Should().BeInDescendingOrder(c => c.Failed, "most failed attempts first by default");
        rows.Should().Contain(r => r["AttemptsFailed"]!.GetValue<long>() > 0, "the demo day has failed attempts");

        table.ExitCode.Should().Be(0, table.ToString());
        var footer = $"{rows.Count.ToString("N0", CultureInfo.InvariantCulture)} instances (none shown: --limit 0); not in the table: {fargate.ToString("N0", CultureInfo.InvariantCulture)} attempts on Fargate";
        table.Stdout.Should().StartWith(footer);
    }

    [Fact]
    public async Task The_piped_table_lists_the_instance_with_most_failures_first_with_its_commonest_failure()
    {
        var json = Parse((await Brm("instances", "--from", "out", "--json", "--limit", "1")).Stdout).Single();
        var result = await Brm("instances", "--from", "out", "--limit", "3");

        result.ExitCode.Should().Be(0, result.ToString());
        var rows = result.Stdout.Split('\n').Where(l => l.StartsWith('│')).Select(Cells).ToList();
        rows.Should().HaveCount(4, result.Stdout);
        var header = rows[0];
        string Cell(string column) => rows[1][header.IndexOf(column)];
        Cell("Instance").Should().Be(Id(json));
        Cell("Type").Should().Be(json["InstanceType"]!.GetValue<string>());
        Cell("Failed").Should().Be(json["AttemptsFailed"]!.GetValue<long>().ToString("N0", CultureInfo.InvariantCulture));
        Cell("Commonest failure").Should().Be($"{json["CommonFailure"]!.GetValue<string>()} ({json["CommonFailureCount"]!.GetValue<long>()})");
        result.Stdout.Should().NotContain("\u001b");
    }

    [Fact]
    public async Task One_instance_by_id_gives_every_failure_reason_and_filters_narrow_the_list()
    {
        var all = Parse((await Brm("instances", "--from", "out", "--json", "--limit", "100000")).Stdout);
        var failing = all.First(r => r["AttemptsFailed"]!.GetValue<long>() > 0);
        var type = failing["InstanceType"]!.GetValue<string>();

        var one = await Brm("instances", Id(failing), "--from", "out");
        var ofType = Parse((await Brm("instances", "--from", "out", "--json", "--limit", "100000", "--type", type)).Stdout);

        one.ExitCode.Should().Be(0, one.ToString());
        var row = Parse(one.Stdout).Should().ContainSingle().Subject;
        row["Failures"]!.AsObject().Sum(p => p.Value!.GetValue<long>()).Should().Be(row["AttemptsFailed"]!.GetValue<long>());
        ofType.Select(Id).Should().BeEquivalentTo(all.Where(r => r["InstanceType"]?.GetValue<string>() == type).Select(Id));
    }

    [Fact]
    public async Task A_simulated_day_whose_hosts_fail_alike_has_no_suspect_but_each_instance_is_compared_with_its_fleet()
    {
        // The simulator fails attempts at random whatever the host: a flag here would be a false alarm.
        var suspects = await Brm("instances", "--from", "out", "--suspect", "--json");
        var all = Parse((await Brm("instances", "--from", "out", "--json", "--limit", "100000")).Stdout);

        suspects.ExitCode.Should().Be(0, suspects.ToString());
        suspects.Stdout.Should().BeEmpty();
        all.Where(r => r["Attempts"]!.GetValue<long>() > r["AttemptsNotStopped"]!.GetValue<long>())
            .Should().OnlyContain(r => r["FleetFailedShare"] != null && r["Suspect"]!.GetValue<bool>() == false);
        foreach (var fleet in all.Where(r => r["FleetFailedShare"] != null).GroupBy(r => r["ComputeEnvironment"]!.GetValue<string>()))
        {
            var stopped = fleet.Sum(Stopped);
            var failed = fleet.Sum(r => r["AttemptsFailed"]!.GetValue<long>());
            // Each against the rest of its environment, with half a failure in one more attempt.
            fleet.Should().OnlyContain(r => Math.Abs(r["FleetFailedShare"]!.GetValue<double>() - ((failed - r["AttemptsFailed"]!.GetValue<long>() + 0.5) / (stopped - Stopped(r) + 1))) < 1e-12, fleet.Key);
        }
    }

    [Fact]
    public async Task An_unknown_instance_exits_1_with_one_line()
    {
        var result = await Brm("instances", "i-0000000000nothere", "--from", "out");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain("i-0000000000nothere");
    }

    private static long Stopped(JsonObject row) => row["Attempts"]!.GetValue<long>() - row["AttemptsNotStopped"]!.GetValue<long>();

    private Task<BrmResult> Brm(params string[] args) => BrmProcess.RunAsync(demo.WorkingDirectory, args);

    private static List<JsonObject> Parse(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    private static string Id(JsonObject row) => row["InstanceId"]!.GetValue<string>();

    private static List<string> Cells(string row) => row.Trim('│').Split('│').Select(c => c.Trim()).ToList();
}
