using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>`brm replay --spill-window` / `--no-spill` as a process: memory settings never change what a replay says.</summary>
[Trait("Category", "Integration")]
public sealed class ReplaySpillOptionTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-spill-option-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Spilling_every_finished_job_at_once_gives_the_ledger_and_totals_of_keeping_them_all()
    {
        // 2,000 jobs are ~20,000 events: past the 10,000-event mark where a replay looks for settled jobs.
        (await BrmProcess.RunAsync(_work, "simulate", "--jobs", "2000", "--seed", "3", "--out", "day")).ExitCode.Should().Be(0);

        var spilled = await BrmProcess.RunAsync(_work, "replay", "day", "--out", "spilled", "--spill-window", "0");
        var kept = await BrmProcess.RunAsync(_work, "replay", "day", "--out", "kept", "--no-spill");
        output.WriteLine(spilled.ToString());

        spilled.ExitCode.Should().Be(0, spilled.ToString());
        kept.ExitCode.Should().Be(0, kept.ToString());
        File.ReadAllText(Path.Combine(_work, "spilled", "jobs.jsonl")).Should().Be(File.ReadAllText(Path.Combine(_work, "kept", "jobs.jsonl")));
        Metrics("spilled").Should().Be(Metrics("kept"));
        Directory.EnumerateFiles(Path.Combine(_work, "spilled"), "*.spill").Should().BeEmpty("scratch files are removed when the replay ends");
    }

    [Fact]
    public async Task A_negative_spill_window_exits_1_with_one_line()
    {
        var result = await BrmProcess.RunAsync(_work, "replay", _work, "--out", "out", "--spill-window", "-5");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().Contain("--spill-window");
    }

    private string Metrics(string folder) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(_work, folder, "summary.json")))!["Metrics"]!.ToJsonString();
}
