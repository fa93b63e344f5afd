using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>`brm sfn run` as a process on the repository's job-states state machine and on small definitions.</summary>
[Trait("Category", "Integration")]
public sealed partial class SfnRunCommandTests(ITestOutputHelper output) : IDisposable
{
    private const string RunningEvent = "batch-job/aws-batch-runtime-monitoring-ecsproperties-running.json";

    private readonly string _work = Directory.CreateTempSubdirectory("brm-sfn-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string Definition => RepositoryPaths.InRepo("statemachines", "job-states.asl.json");

    private static string Input => Path.Combine(RepositoryPaths.SharedEvents, RunningEvent);

    [Fact]
    public async Task Job_states_with_the_instance_in_the_table_looks_it_up_and_sends_the_joined_message()
    {
        var arn = ContainerInstanceArn();
        var items = Path.Combine(_work, "items.json");
        File.WriteAllText(items, new JsonArray(new JsonObject
        {
            ["ContainerInstanceArn"] = new JsonObject { ["S"] = arn },
            ["InstanceId"] = new JsonObject { ["S"] = "i-0123456789abcdef0" },
            ["InstanceType"] = new JsonObject { ["S"] = "m5.large" },
        }).ToJsonString());

        var result = await BrmProcess.RunAsync(_work, ["sfn", "run", Definition, "--input", Input, .. Substitutions(waitSeconds: 1), "--table", $"InstancesTable={items}", "--trace"]);
        output.WriteLine(result.ToString());

        result.ExitCode.Should().Be(0, result.ToString());
        var printed = JsonNode.Parse(result.Stdout)!.AsObject();
        printed["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        printed["output"].Should().NotBeNull();
        var states = States(printed);
        states.Should().Equal(["Filter", "JobStateChange", "FindContainerInstance", "FirstTask", "FromPickedTask", "PrepareJoin", "LookupInstance", "Found", "SendJoined"],
            "a join found at the first lookup counts no attempt after PrepareJoin's");
        states.Count(s => s == "LookupInstance").Should().Be(1, "the item is there at the first lookup");
        states.Should().NotContain(["WaitForRegistration", "SendNotFound", "DeadLetter"]);
        printed["output"]!["MessageId"].Should().NotBeNull("the last state is the SQS send, whose result is the output");
    }

    [Fact]
    public async Task Job_states_without_the_instance_waits_and_retries_a_bounded_number_of_times_then_sends_not_found()
    {
        var result = await BrmProcess.RunAsync(_work, ["sfn", "run", Definition, "--input", Input, .. Substitutions(waitSeconds: 1, maxAttempts: 3), "--trace"]);

        result.ExitCode.Should().Be(0, result.ToString());
        var printed = JsonNode.Parse(result.Stdout)!.AsObject();
        printed["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        var states = States(printed);
        states.Count(s => s == "LookupInstance").Should().Be(3, "JoinMaxAttempts lookups");
        states.Count(s => s == "WaitForRegistration").Should().Be(2, "a wait between lookups");
        states.Count(s => s == "CountAttempt").Should().Be(2, "each lookup after a wait is counted; PrepareJoin counted the first");
        states[^1].Should().Be("SendNotFound");
        states.Should().NotContain(["SendJoined", "DeadLetter"]);
    }

    [Fact]
    public async Task A_definition_ending_in_a_Fail_state_prints_FAILED_with_error_and_cause_and_exits_0()
    {
        var definition = Path.Combine(_work, "fail.asl.json");
        File.WriteAllText(definition, """
            {"StartAt": "Prepare", "States": {
              "Prepare": {"Type": "Pass", "Next": "Boom"},
              "Boom": {"Type": "Fail", "Error": "Custom.Broken", "Cause": "it was meant to fail"}}}
            """);

        var result = await BrmProcess.RunAsync(_work, "sfn", "run", definition, "--input", Input, "--trace");

        result.ExitCode.Should().Be(0, "a FAILED execution is a result, not an error of brm\n" + result);
        var printed = JsonNode.Parse(result.Stdout)!.AsObject();
        printed["status"]!.GetValue<string>().Should().Be("FAILED");
        printed["error"]!.GetValue<string>().Should().Be("Custom.Broken");
        printed["cause"]!.GetValue<string>().Should().Be("it was meant to fail");
        printed.ContainsKey("output").Should().BeFalse();
        States(printed).Should().Equal("Prepare", "Boom");
    }

    [Fact]
    public async Task An_unreadable_input_file_exits_1_with_one_line()
    {
        var missing = Path.Combine(_work, "no-such-input.json");
        var result = await BrmProcess.RunAsync(_work, ["sfn", "run", Definition, "--input", missing, .. Substitutions(waitSeconds: 1)]);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain("no-such-input.json");
    }

    [Fact]
    public async Task A_placeholder_without_a_substitution_exits_1_with_one_line()
    {
        // A copy: the template names statemachines/job-states.asl.json, not this file, so nothing fills its placeholders.
        var copy = Path.Combine(_work, "job-states.asl.json");
        File.Copy(Definition, copy);

        var result = await BrmProcess.RunAsync(_work, "sfn", "run", copy, "--input", Input);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain("${JobEventsQueueUrl}");
    }

    [Fact]
    public async Task A_definition_the_template_names_runs_without_sub_on_the_templates_values_and_says_so()
    {
        var result = await BrmProcess.RunAsync(_work, "sfn", "run", Definition, "--input", Input, "--trace");
        output.WriteLine(result.ToString());

        result.ExitCode.Should().Be(0, result.ToString());
        var note = result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Subject;
        note.Should().StartWith("brm: ").And.Contain("(JobStatesStateMachine)")
            .And.Contain("${JobEventsQueueUrl}=https://sqs.us-east-1.amazonaws.com/123456789012/JobEventsQueue")
            .And.Contain("${InstancesTableName}=InstancesTable");
        var maxAttempts = int.Parse(Regex.Match(note, @"\$\{JoinMaxAttempts\}=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var printed = JsonNode.Parse(result.Stdout)!.AsObject();
        printed["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        States(printed).Count(s => s == "LookupInstance").Should().Be(maxAttempts, "the template's JoinMaxAttempts bounds the lookups of an instance that never registers");
        States(printed)[^1].Should().Be("SendNotFound");
    }

    [Fact]
    public async Task Sub_overrides_a_template_value_and_the_note_leaves_it_out()
    {
        var result = await BrmProcess.RunAsync(_work, "sfn", "run", Definition, "--input", Input, "--sub", "JoinMaxAttempts=2", "--trace");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().Contain("${JobEventsQueueUrl}=").And.NotContain("JoinMaxAttempts");
        States(JsonNode.Parse(result.Stdout)!.AsObject()).Count(s => s == "LookupInstance").Should().Be(2);
    }

    [Fact]
    public async Task A_missing_template_exits_1_with_one_line()
    {
        var result = await BrmProcess.RunAsync(_work, "sfn", "run", Definition, "--input", Input, "--template", Path.Combine(_work, "no-template.yaml"));

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("brm: ").And.Contain("no-template.yaml");
    }

    /// <summary>--sub for every ${...} placeholder the definition holds (read from the file, so a new one is noticed).</summary>
    private static List<string> Substitutions(int waitSeconds, int maxAttempts = 3)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["InstancesTableName"] = "InstancesTable",
            ["JobEventsQueueUrl"] = "https://sqs.us-east-1.amazonaws.com/123456789012/JobEventsQueue",
            ["DeadLetterQueueUrl"] = "https://sqs.us-east-1.amazonaws.com/123456789012/DeadLetterQueue",
            ["JoinWaitSeconds"] = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["JoinMaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var placeholders = Placeholder().Matches(File.ReadAllText(Definition)).Select(m => m.Groups[1].Value).Distinct().ToList();
        placeholders.Should().BeEquivalentTo(values.Keys, "the test substitutes every placeholder of job-states.asl.json");
        return placeholders.SelectMany(p => new[] { "--sub", $"{p}={values[p]}" }).ToList();
    }

    private static string ContainerInstanceArn() =>
        JsonNode.Parse(File.ReadAllText(Input))!["detail"]!["ecsProperties"]!["taskProperties"]![0]!["containerInstanceArn"]!.GetValue<string>();

    private static List<string> States(JsonObject printed) => printed["states"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Placeholder();
}
