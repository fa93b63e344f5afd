using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.EventBridge;

/// <summary>
/// scripts/enable-asg-metrics.sh against moto's Auto Scaling: only AWS Batch's groups (by name or tag) get
/// 1Minute metrics for every group metric, a second run changes nothing, --dry-run changes nothing, and a
/// missing tool is a clear exit 2.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AsgScriptTests(MotoServer moto, ITestOutputHelper output) : IClassFixture<MotoServer>
{
    private const int AllMetricsCount = 20;
    private const string BatchByName = "AWSBatch-ce-alpha-asg-0a1b2c3d-1111-2222-3333-444455556666";
    private const string BatchByTag = "ce-beta-workers";
    private const string BatchComplete = "AWSBatch-ce-gamma-asg-9f8e7d6c-1111-2222-3333-444455556666";
    private const string BatchPartial = "AWSBatch-ce-delta-asg-5a4b3c2d-1111-2222-3333-444455556666";
    private const string NotBatch = "web-frontend";
    private const string NotBatchLookalike = "team-AWSBatch-ce-asg-1";

    private static readonly string[] AllMetrics =
    [
        "GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity", "GroupInServiceInstances", "GroupPendingInstances",
        "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances", "GroupInServiceCapacity",
        "GroupPendingCapacity", "GroupStandbyCapacity", "GroupTerminatingCapacity", "GroupTotalCapacity",
        "WarmPoolDesiredCapacity", "WarmPoolWarmedCapacity", "WarmPoolPendingCapacity", "WarmPoolTerminatingCapacity",
        "WarmPoolTotalCapacity", "GroupAndWarmPoolDesiredCapacity", "GroupAndWarmPoolTotalCapacity",
    ];

    private static string ScriptPath => RepositoryPaths.InRepo("scripts", "enable-asg-metrics.sh");

    [Fact]
    public void Enables_only_batch_groups_is_idempotent_and_dry_run_changes_nothing()
    {
        if (moto.SkipIfUnavailable(output))
        {
            return;
        }

        CreateGroups();

        var dryRun = RunScript("--dry-run");
        dryRun.ExitCode.Should().Be(0, dryRun.ToString());
        dryRun.StandardOutput.Should().Contain($"would enable (1Minute, all metrics): {BatchByName}")
            .And.Contain($"would enable (1Minute, all metrics): {BatchByTag}")
            .And.Contain($"would enable (1Minute, all metrics): {BatchPartial}")
            .And.Contain($"already enabled (1Minute, all metrics), skipped: {BatchComplete}")
            .And.Contain($"not an AWS Batch group, left alone: {NotBatch}")
            .And.Contain($"not an AWS Batch group, left alone: {NotBatchLookalike}");
        EnabledMetrics(BatchByName).Should().BeEmpty("a dry run changes nothing");
        EnabledMetrics(BatchPartial).Should().Equal("GroupMinSize@1Minute");

        var first = RunScript("--endpoint-url", moto.Endpoint!.ToString(), "--region", "us-east-1");
        first.ExitCode.Should().Be(0, first.ToString());
        first.StandardOutput.Should().Contain($"enabled (1Minute, all metrics): {BatchByName}")
            .And.Contain("summary: enabled=3 already-enabled=1 would-enable=0 not-batch=2 failed=0");
        foreach (var batchGroup in new[] { BatchByName, BatchByTag, BatchPartial, BatchComplete })
        {
            EnabledMetrics(batchGroup).Should().BeEquivalentTo(AllMetrics.Select(m => $"{m}@1Minute"), batchGroup);
        }

        EnabledMetrics(NotBatch).Should().BeEmpty();
        EnabledMetrics(NotBatchLookalike).Should().BeEmpty();

        var before = DescribeGroups().ToJsonString();
        var second = RunScript();
        second.ExitCode.Should().Be(0, second.ToString());
        second.StandardOutput.Should().Contain("summary: enabled=0 already-enabled=4 would-enable=0 not-batch=2 failed=0");
        second.StandardOutput.Should().Contain($"already enabled (1Minute, all metrics), skipped: {BatchByName}");
        DescribeGroups().ToJsonString().Should().Be(before, "a second run changes nothing");
    }

    [Fact]
    public void Missing_jq_is_a_clear_error_with_exit_2()
    {
        using var bin = new TemporaryDirectory();
        var aws = MotoServer.FindOnPath("aws");
        if (aws is null)
        {
            output.WriteLine("SKIPPED: aws CLI not on PATH");
            return;
        }

        File.CreateSymbolicLink(Path.Combine(bin.Path, "aws"), aws);
        var result = ProcessRunner.Run("/bin/bash", [ScriptPath], new Dictionary<string, string?> { ["PATH"] = bin.Path });
        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("'jq' is required");
    }

    [Fact]
    public void Missing_aws_is_a_clear_error_with_exit_2()
    {
        using var bin = new TemporaryDirectory();
        var result = ProcessRunner.Run("/bin/bash", [ScriptPath], new Dictionary<string, string?> { ["PATH"] = bin.Path });
        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("'aws' is required");
    }

    [Fact]
    public void Help_documents_how_batch_groups_are_recognised()
    {
        var help = ProcessRunner.Run("/bin/bash", [ScriptPath, "--help"], new Dictionary<string, string?>());
        help.ExitCode.Should().Be(0);
        help.StandardOutput.Should().Contain("AWSBatchServiceTag").And.Contain("^AWSBatch-.+-asg-")
            .And.Contain("--dry-run").And.Contain("--region").And.Contain("--profile");
    }

    [Theory]
    [InlineData("--unknown")]
    [InlineData("--region")]
    [InlineData("--profile=")]
    public void Bad_usage_exits_2(string argument)
    {
        var result = ProcessRunner.Run("/bin/bash", [ScriptPath, argument], new Dictionary<string, string?>());
        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().StartWith("error:");
    }

    private void CreateGroups()
    {
        Aws("autoscaling", "create-launch-configuration", "--launch-configuration-name", "batch-lc",
            "--image-id", "ami-12c6146b", "--instance-type", "m5.large");
        CreateGroup(BatchByName);
        CreateGroup(BatchByTag, "Key=AWSBatchServiceTag,Value=batch,PropagateAtLaunch=true");
        CreateGroup(BatchComplete);
        CreateGroup(BatchPartial);
        CreateGroup(NotBatch, "Key=team,Value=web,PropagateAtLaunch=true");
        CreateGroup(NotBatchLookalike);
        Aws(["autoscaling", "enable-metrics-collection", "--auto-scaling-group-name", BatchComplete, "--granularity", "1Minute", "--metrics", .. AllMetrics]);
        Aws("autoscaling", "enable-metrics-collection", "--auto-scaling-group-name", BatchPartial, "--granularity", "1Minute", "--metrics", "GroupMinSize");
        AllMetrics.Should().HaveCount(AllMetricsCount);
    }

    private void CreateGroup(string name, string? tag = null)
    {
        string[] args =
        [
            "autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", name, "--launch-configuration-name", "batch-lc",
            "--min-size", "0", "--max-size", "2", "--desired-capacity", "0", "--availability-zones", "us-east-1a",
        ];
        Aws(tag is null ? args : [.. args, "--tags", tag]);
    }

    private IEnumerable<string> EnabledMetrics(string group) =>
        DescribeGroups()["AutoScalingGroups"]!.AsArray()
            .Single(g => g!["AutoScalingGroupName"]!.GetValue<string>() == group)!["EnabledMetrics"]?.AsArray()
            .Select(m => $"{m!["Metric"]}@{m["Granularity"]}") ?? [];

    private JsonNode DescribeGroups() => JsonNode.Parse(Aws("autoscaling", "describe-auto-scaling-groups", "--output", "json"))!;

    private string Aws(params string[] arguments)
    {
        var result = ProcessRunner.Run("aws", ["--endpoint-url", moto.Endpoint!.ToString(), .. arguments], CliEnvironment());
        result.ExitCode.Should().Be(0, result.ToString());
        return result.StandardOutput;
    }

    /// <summary>Without an option the endpoint comes from AWS_ENDPOINT_URL, which this aws CLI v1 honours.</summary>
    private ProcessRunner.Result RunScript(params string[] arguments)
    {
        var environment = CliEnvironment();
        environment["AWS_ENDPOINT_URL"] = moto.Endpoint!.ToString();
        var result = ProcessRunner.Run("/bin/bash", [ScriptPath, .. arguments], environment);
        output.WriteLine($"enable-asg-metrics.sh {string.Join(' ', arguments)}\n{result}");
        return result;
    }

    private Dictionary<string, string?> CliEnvironment()
    {
        var environment = moto.AwsCliEnvironment().ToDictionary(e => e.Key, e => (string?)e.Value);
        // Keep the developer's own profile and config out of the run.
        environment["AWS_PROFILE"] = null;
        environment["AWS_CONFIG_FILE"] = "/dev/null";
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        return environment;
    }
}
