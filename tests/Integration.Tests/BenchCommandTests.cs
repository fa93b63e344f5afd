using System.Globalization;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>`brm bench` as a process: it simulates a day once, replays it in a child process and reports one row per size.</summary>
[Trait("Category", "Integration")]
public sealed class BenchCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-bench-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_row_reports_every_event_of_the_simulated_day_with_its_rate_cpu_and_allocation()
    {
        var result = await BrmProcess.RunAsync(_work, "bench", "--jobs", "200", "--work", "bench");
        output.WriteLine(result.ToString());

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = Cells(lines[0]);
        var row = Cells(lines.Single(line => line.StartsWith("| 200 |", StringComparison.Ordinal)));
        row.Should().HaveSameCount(header);

        var eventsWritten = Directory.EnumerateFiles(Path.Combine(_work, "bench", "200", "events"), "*.jsonl", SearchOption.AllDirectories)
            .Sum(file => File.ReadLines(file).Count(line => line.Length > 0));
        Number(row, header, "events").Should().Be(eventsWritten, "the replay reads every event the simulation wrote");
        Number(row, header, "events/s").Should().BePositive();
        Number(row, header, "CPU s").Should().BePositive();
        Number(row, header, "KB allocated per event").Should().BePositive();
        Number(row, header, "peak working set MB").Should().BePositive();
        Number(row, header, "functions thread busy s").Should().BePositive("the functions ran on a thread of their own");
        Number(row, header, "pipeline waited for it s").Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task A_day_of_no_jobs_exits_1_with_one_line_before_any_table_or_simulation()
    {
        var result = await BrmProcess.RunAsync(_work, "bench", "--jobs", "10", "0", "--work", "bench");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().BeEmpty("nothing is measured when one size is wrong");
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().Be("brm: --jobs 0: a day has at least 1 job");
        Directory.Exists(Path.Combine(_work, "bench")).Should().BeFalse("no day was simulated");
    }

    [Fact]
    public async Task With_one_thread_the_functions_run_on_the_pipelines_thread_and_the_row_says_so()
    {
        var result = await BrmProcess.RunAsync(_work, "bench", "--jobs", "200", "--work", "bench", "--one-thread");
        output.WriteLine(result.ToString());

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = Cells(lines[0]);
        var row = Cells(lines.Single(line => line.StartsWith("| 200 |", StringComparison.Ordinal)));
        row[Array.IndexOf(header, "functions thread busy s")].Should().Be("-");
        Number(row, header, "events/s").Should().BePositive();
    }

    [Fact]
    public async Task With_allocations_the_row_is_followed_by_the_types_that_allocated_most()
    {
        var result = await BrmProcess.RunAsync(_work, "bench", "--jobs", "200", "--work", "bench", "--allocations");
        output.WriteLine(result.ToString());

        result.ExitCode.Should().Be(0, result.ToString());
        var types = result.Stdout.Split('\n', StringSplitOptions.TrimEntries).Where(line => line.Contains("of sampled allocations: ", StringComparison.Ordinal)).ToList();
        types.Should().Contain(line => line.EndsWith("System.String", StringComparison.Ordinal), "a replay builds strings for every event");

        // Then per thread: the pipeline's (the process's first thread) and the functions' own, each with its types.
        var lines = result.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        var threads = lines.Where(line => line.StartsWith("thread ", StringComparison.Ordinal)).ToList();
        threads.Should().Contain(line => line.StartsWith("thread main: ", StringComparison.Ordinal) && line.EndsWith(" KB per event sampled", StringComparison.Ordinal));
        threads.Should().Contain(line => line.StartsWith("thread brm functions: ", StringComparison.Ordinal), "the functions run on a thread of their own");
        var mainAt = Array.FindIndex(lines, line => line.StartsWith("thread main: ", StringComparison.Ordinal));
        lines[mainAt + 1].Should().Contain(" of the thread's: ", "each thread lists its types");
    }

    [Fact]
    public async Task Started_plainly_it_replays_with_the_call_counting_delay_off_and_says_so()
    {
        var result = await BrmProcess.RunAsync(_work, "bench", "--jobs", "200", "--work", "bench");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("tier-1 call-counting delay 0 ms (DOTNET_TC_CallCountingDelayMs=0)", "brm relaunched itself with the delay off");
        result.Stdout.Should().Contain("server GC, background GC off,", "Brm.csproj turns background collections off");
    }

    [Fact]
    public async Task With_the_variable_set_by_the_user_it_runs_with_their_value()
    {
        var result = await BrmProcess.RunAsync(_work, ["bench", "--jobs", "200", "--work", "bench"],
            environment: new Dictionary<string, string> { ["DOTNET_TC_CallCountingDelayMs"] = "64" });

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("tier-1 call-counting delay 100 ms (DOTNET_TC_CallCountingDelayMs=64, read as hexadecimal)", "the runtime's default, spelt as it reads it");
    }

    [Fact]
    public async Task With_jit_timeline_the_replay_reports_the_methods_compiled_so_far_once_a_second()
    {
        var result = await BrmProcess.RunAsync(_work, "bench", "--jobs", "200", "--work", "bench", "--jit-timeline");

        result.ExitCode.Should().Be(0, result.ToString());
        var compiled = result.Stderr.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("jit: ", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(", ")[1].Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture))
            .ToList();
        compiled.Should().NotBeEmpty(result.ToString());
        compiled.Should().BeInAscendingOrder("a count of methods compiled only grows").And.OnlyContain(count => count > 0);
    }

    private static string[] Cells(string line) => line.Trim('|').Split('|', StringSplitOptions.TrimEntries);

    private static double Number(string[] row, string[] header, string column) =>
        double.Parse(row[Array.IndexOf(header, column)], NumberStyles.Number, CultureInfo.InvariantCulture);
}
