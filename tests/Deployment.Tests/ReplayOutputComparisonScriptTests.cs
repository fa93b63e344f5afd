using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Deployment;

/// <summary>
/// scripts/compare-replay-outputs.sh, the check behind docs/performance.md's "outputs byte-identical": equal folders
/// pass whatever their summaries' timings; any other byte, a count in the summary, or a file on one side only fails.
/// </summary>
public sealed class ReplayOutputComparisonScriptTests(ITestOutputHelper output) : IDisposable
{
    private const string Summary = """{"EventsRead":10,"Jobs":2,"ElapsedSeconds":1.5,"EventsPerSecond":6.7}""";

    private readonly string _root = Directory.CreateTempSubdirectory("brm-compare-").FullName;

    [Fact]
    public async Task Folders_that_differ_only_in_the_summary_timings_are_identical()
    {
        var reference = Folder("reference", Summary);
        var other = Folder("other", """{"EventsPerSecond":9.1,"Jobs":2,"EventsRead":10,"ElapsedSeconds":1.1}""");
        if (JqMissing())
        {
            return;
        }

        var result = await Compare(reference, other);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Trim().Should().Be("IDENTICAL");
    }

    [Fact]
    public async Task A_changed_byte_a_changed_count_and_a_file_on_one_side_are_each_reported()
    {
        var reference = Folder("reference", Summary);
        var other = Folder("other", Summary.Replace("\"Jobs\":2", "\"Jobs\":3", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(other, "jobs.jsonl"), "{\"JobId\":\"a\",\"Status\":\"FAILED\"}\n");
        File.Delete(Path.Combine(other, "dlq.jsonl"));
        File.WriteAllText(Path.Combine(other, "extra.jsonl"), "");
        if (JqMissing())
        {
            return;
        }

        var result = await Compare(reference, other);

        result.ExitCode.Should().Be(1, result.ToString());
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(
            "DIFF jobs.jsonl", "DIFF summary.json", $"ONLY IN {reference}: dlq.jsonl", $"ONLY IN {other}: extra.jsonl");
    }

    [Fact]
    public async Task Anything_but_two_folders_is_a_usage_error()
    {
        var result = await ProcessRunner.RunAsync("/bin/bash", [Script, _root]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("usage:");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Script => RepositoryPaths.InRepo("scripts", "compare-replay-outputs.sh");

    private static Task<ProcessResult> Compare(string reference, string other) =>
        ProcessRunner.RunAsync("/bin/bash", [Script, reference, other]);

    /// <summary>A replay output folder: a ledger, an empty dead-letter file and the given summary.</summary>
    private string Folder(string name, string summary)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "jobs.jsonl"), "{\"JobId\":\"a\",\"Status\":\"SUCCEEDED\"}\n");
        File.WriteAllText(Path.Combine(folder, "dlq.jsonl"), "");
        File.WriteAllText(Path.Combine(folder, "summary.json"), summary);
        return folder;
    }

    private bool JqMissing()
    {
        if (MotoServer.FindOnPath("jq") is not null)
        {
            return false;
        }

        if (MotoServer.IsCi)
        {
            throw new InvalidOperationException("CI=true but jq is not on PATH");
        }

        output.WriteLine("SKIPPED: jq is not on PATH");
        return true;
    }
}
