namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>`brm simulate` as a process: reproducible for a seed, one-line errors.</summary>
[Trait("Category", "Integration")]
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-sim-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task The_same_seed_gives_byte_identical_files()
    {
        var first = await BrmProcess.RunAsync(_work, "simulate", "--jobs", "120", "--seed", "7", "--start", "2026-03-01T00:00:00Z", "--out", "a");
        var second = await BrmProcess.RunAsync(_work, "simulate", "--jobs", "120", "--seed", "7", "--start", "2026-03-01T00:00:00Z", "--out", "b");
        var other = await BrmProcess.RunAsync(_work, "simulate", "--jobs", "120", "--seed", "8", "--start", "2026-03-01T00:00:00Z", "--out", "c");

        first.ExitCode.Should().Be(0, first.ToString());
        second.ExitCode.Should().Be(0, second.ToString());
        other.ExitCode.Should().Be(0, other.ToString());
        var files = Files("a");
        files.Should().Contain("ground-truth.json").And.Contain(f => f.EndsWith(".jsonl", StringComparison.Ordinal));
        Files("b").Should().Equal(files);
        foreach (var file in files)
        {
            File.ReadAllBytes(Path.Combine(_work, "b", file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_work, "a", file))).Should().BeTrue($"{file} must be byte-identical for the same seed");
        }

        File.ReadAllBytes(Path.Combine(_work, "c", "ground-truth.json")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_work, "a", "ground-truth.json")))
            .Should().BeFalse("another seed gives another day");
    }

    [Fact]
    public async Task A_start_that_is_not_a_date_exits_1_with_one_line()
    {
        var result = await BrmProcess.RunAsync(_work, "simulate", "--jobs", "10", "--start", "not-a-date", "--out", "x");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain("not-a-date");
        Directory.Exists(Path.Combine(_work, "x")).Should().BeFalse();
    }

    [Fact]
    public async Task It_says_how_many_events_and_how_many_of_them_it_wrote_twice_and_the_files_agree()
    {
        var result = await BrmProcess.RunAsync(_work, "simulate", "--jobs", "120", "--seed", "7", "--out", "d");

        result.ExitCode.Should().Be(0, result.ToString());
        var counts = System.Text.RegularExpressions.Regex.Match(result.Stdout, @": ([\d,]+) events, ([\d,]+) of them delivered twice \(([\d,]+) lines\) in ");
        counts.Success.Should().BeTrue(result.Stdout);
        long Count(int group) => long.Parse(counts.Groups[group].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);

        var ids = Directory.EnumerateFiles(Path.Combine(_work, "d"), "*.jsonl")
            .SelectMany(File.ReadLines)
            .Select(line => (string?)System.Text.Json.Nodes.JsonNode.Parse(line)!["id"])
            .ToList();
        Count(2).Should().BePositive("the simulator delivers some events twice, as EventBridge may");
        ids.Should().HaveCount((int)Count(3), "one line per delivery");
        ids.Distinct().Should().HaveCount((int)Count(1), "the events themselves, each once");
        (ids.Count - ids.Distinct().Count()).Should().Be((int)Count(2), "each duplicate is one more line with an id already written");
    }

    private List<string> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(_work, folder), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(_work, folder), f)).Order(StringComparer.Ordinal).ToList();
}
