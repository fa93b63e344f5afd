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

    private List<string> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(_work, folder), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(_work, folder), f)).Order(StringComparer.Ordinal).ToList();
}
