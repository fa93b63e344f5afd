using System.Text.Json;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>`brm instances` as a process on a replay's files that hold a bad host among healthy ones.</summary>
[Trait("Category", "Integration")]
public sealed class InstancesSuspectTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-instances-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task The_bad_host_is_flagged_first_and_alone_with_suspect()
    {
        var inputs = InstanceActivityTests.Inputs();
        File.WriteAllLines(Path.Combine(_work, "instances.jsonl"), inputs.OfType<InstanceRecord>().Select(r => JsonSerializer.Serialize(r, CoreJsonContext.Default.InstanceRecord)));
        File.WriteAllLines(Path.Combine(_work, "jobs.jsonl"), inputs.OfType<JobLedgerLine>().Select(j => JsonSerializer.Serialize(j, CoreJsonContext.Default.JobLedgerLine)));

        var table = await BrmProcess.RunAsync(_work, "instances", "--from", ".");
        var suspects = await BrmProcess.RunAsync(_work, "instances", "--from", ".", "--suspect", "--json");

        table.ExitCode.Should().Be(0, table.ToString());
        var rows = table.Stdout.Split('\n').Where(l => l.StartsWith('│')).Select(l => l.Trim('│').Split('│').Select(c => c.Trim()).ToList()).ToList();
        var header = rows[0];
        rows[1][header.IndexOf("Instance")].Should().Be("i-0bad", "suspects come first");
        rows[1][header.IndexOf("× fleet")].Should().Be("40.7 !", "all of its attempts failed against 1 in 60 of the rest of its environment (1.5 in 61)");
        rows.Skip(2).Should().OnlyContain(row => !row[header.IndexOf("× fleet")].EndsWith('!'));
        table.Stdout.Should().Contain("1 suspect (! in × fleet): fail far more of their attempts than the rest of their compute environment");
        suspects.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Which.Should().Contain("\"InstanceId\":\"i-0bad\"").And.Contain("\"Suspect\":true");
    }

    [Fact]
    public async Task Hand_edited_lines_without_an_instance_or_with_a_null_attempt_are_named_and_the_rest_answers()
    {
        var inputs = InstanceActivityTests.Inputs();
        File.WriteAllLines(Path.Combine(_work, "instances.jsonl"), ["{\"ContainerInstanceArn\":null}", .. inputs.OfType<InstanceRecord>().Select(r => JsonSerializer.Serialize(r, CoreJsonContext.Default.InstanceRecord))]);
        File.WriteAllLines(Path.Combine(_work, "jobs.jsonl"), ["{\"JobId\":\"x\",\"AttemptDetails\":[null]}", .. inputs.OfType<JobLedgerLine>().Select(j => JsonSerializer.Serialize(j, CoreJsonContext.Default.JobLedgerLine))]);

        var result = await BrmProcess.RunAsync(_work, "instances", "--from", ".", "--suspect", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().Contain($"{Path.Combine(".", "instances.jsonl")}:1: skipped: not an instance line (no ContainerInstanceArn or Ec2InstanceId)");
        result.Stdout.Should().Contain("\"InstanceId\":\"i-0bad\"");
    }
}
