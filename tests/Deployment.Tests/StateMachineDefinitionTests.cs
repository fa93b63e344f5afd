using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Deployment.Support;

namespace BatchRuntimeMonitor.Tests.Deployment;

/// <summary>Structural checks of statemachines/*.asl.json, and the pipeline record each one sends.</summary>
public sealed class StateMachineDefinitionTests
{
    private static readonly HashSet<string> Kinds =
    [
        "ContainerInstanceStateChange", "RegisterContainerInstanceCall", "DeregisterContainerInstanceCall", "RunTaskCall",
        "TaskStateChange", "JobStateChange", "JobQueueBlocked", "SubmitJobCall", "AsgCreated",
    ];

    private static readonly HashSet<string> Resources =
    [
        "arn:aws:states:::dynamodb:getItem", "arn:aws:states:::sqs:sendMessage", "arn:aws:states:::aws-sdk:autoscaling:enableMetricsCollection",
    ];

    public static TheoryData<string> Names() => StateMachineFiles.All();

    /// <summary>
    /// brm replay leaves out the SDK metadata of service results and the MD5 digests of sent messages (they cost
    /// ~12 % of a replay and nothing reads them); a definition that starts reading them must turn them back on there.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Definition_ShouldNotReadWhatTheLocalReplayLeavesOut(string name)
    {
        var text = StateMachineFiles.Text(name);
        foreach (var field in new[] { "SdkHttpMetadata", "SdkResponseMetadata", "MD5OfMessageBody", "Md5OfMessageBody", "MD5OfMessageAttributes" })
        {
            text.Should().NotContain(field, $"{name} reads {field}, which LocalPipeline's LocalServicesOptions leave out");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Definition_ShouldBeValidJsonPathAslAsCommitted(string name)
    {
        var definition = StateMachineFiles.Definition(name);
        ((string?)definition["QueryLanguage"]).Should().Be("JSONPath");
        var states = definition["States"]!.AsObject();
        states.ContainsKey((string)definition["StartAt"]!).Should().BeTrue();

        foreach (var (stateName, node) in states)
        {
            var state = node!.AsObject();
            var type = (string)state["Type"]!;
            state.ContainsKey("QueryLanguage").Should().BeFalse($"{stateName}: one dialect per machine");
            foreach (var target in Transitions(state))
            {
                states.ContainsKey(target).Should().BeTrue($"{name}/{stateName} goes to '{target}', which does not exist");
            }

            switch (type)
            {
                case "Choice":
                    state["Choices"]!.AsArray().Should().NotBeEmpty($"{stateName}");
                    state.ContainsKey("Default").Should().BeTrue($"{stateName}: a Choice without Default fails on unmatched input");
                    break;
                case "Succeed" or "Fail":
                    state.ContainsKey("Next").Should().BeFalse(stateName);
                    break;
                default:
                    (state.ContainsKey("Next") ^ ((bool?)state["End"] ?? false)).Should().BeTrue($"{name}/{stateName} needs exactly one of Next or End");
                    break;
            }

            if (type == "Task")
            {
                Resources.Should().Contain((string)state["Resource"]!, $"{name}/{stateName}");
                if (stateName != "DeadLetter")
                {
                    state["Catch"].Should().NotBeNull($"{name}/{stateName}: every Task catches, to the dead-letter queue");
                }

                state["Retry"].Should().NotBeNull($"{name}/{stateName}: every Task retries service errors");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryState_ShouldBeReachableFromStartAt(string name)
    {
        var definition = StateMachineFiles.Definition(name);
        var states = definition["States"]!.AsObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([(string)definition["StartAt"]!]);
        while (queue.TryDequeue(out var current))
        {
            if (seen.Add(current))
            {
                foreach (var next in Transitions(states[current]!.AsObject()))
                {
                    queue.Enqueue(next);
                }
            }
        }

        states.Select(s => s.Key).Should().BeSubsetOf(seen);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ErrorNames_ShouldBeStatesErrorsServiceErrorsOrExceptionTypes(string name)
    {
        foreach (var errorName in Descendants(StateMachineFiles.Definition(name))
                     .Where(p => p.Key == "ErrorEquals")
                     .SelectMany(p => p.Value!.AsArray().Select(e => (string)e!)))
        {
            var valid = errorName.StartsWith("States.", StringComparison.Ordinal)
                || errorName.StartsWith("DynamoDB.", StringComparison.Ordinal)
                || errorName.StartsWith("SQS.", StringComparison.Ordinal)
                || errorName.StartsWith("AutoScaling.", StringComparison.Ordinal);
            valid.Should().BeTrue($"{name}: '{errorName}'");
            if (!errorName.StartsWith("States.", StringComparison.Ordinal))
            {
                errorName.Should().EndWith("Exception", "Step Functions reports service errors with an Exception suffix");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryPipelineRecord_ShouldFollowTheMessageContract(string name)
    {
        var sends = Descendants(StateMachineFiles.Definition(name))
            .Where(p => p.Key == "Parameters" && p.Value is JsonObject o && o.ContainsKey("MessageBody"))
            .Select(p => p.Value!.AsObject())
            .ToList();
        sends.Should().NotBeEmpty();
        foreach (var parameters in sends)
        {
            var body = parameters["MessageBody"]!.AsObject();
            ((string?)body["event.$"]).Should().Be("$$.Execution.Input", "the event goes out exactly as the rule delivered it");
            if ((string?)parameters["QueueUrl"] == "${DeadLetterQueueUrl}")
            {
                body.Select(p => p.Key).Should().BeEquivalentTo("error.$", "cause.$", "stateMachine.$", "event.$");
                continue;
            }

            ((int?)body["schema"]).Should().Be(1);
            var kind = (string?)body["kind"] ?? (string?)body["kind.$"];
            kind.Should().NotBeNull();
            if (body.ContainsKey("kind"))
            {
                Kinds.Should().Contain(kind!);
            }

            if (body["join"] is JsonObject join)
            {
                join.Select(p => p.Key).Should().BeSubsetOf(["containerInstanceArn.$", "found", "attempts.$", "item.$"]);
                var found = (bool)join["found"]!;
                join.ContainsKey("item.$").Should().Be(found, "item is present exactly when found is true");
            }

            body.Select(p => p.Key).Should().BeSubsetOf(["schema", "kind", "kind.$", "event.$", "join", "metricsCollection.$"]);
        }

        // Every kind a machine can produce is in the contract.
        foreach (var result in Descendants(StateMachineFiles.Definition(name)).Where(p => p.Key is "Result" && p.Value is JsonValue))
        {
            Kinds.Should().Contain((string)result.Value!);
        }
    }

    [Theory]
    [InlineData("job-states")]
    [InlineData("task-placement")]
    public void Join_ShouldWaitABoundedNumberOfTimesThenGiveUp(string name)
    {
        var states = StateMachineFiles.Definition(name)["States"]!.AsObject();
        var found = states["Found"]!.AsObject();
        // Not the item's presence: a placeholder item (waiting job ids, no type) must keep the join waiting.
        found["Choices"]!.AsArray().Should().ContainSingle();
        found["Choices"]![0]!["Variable"]!.GetValue<string>().Should().Be("$.lookup.Item.InstanceType");

        // Not found: the limits are read (only on this path), then wait and look again while lookups are left.
        ((string?)found["Default"]).Should().Be("JoinLimits");
        ((string?)states["JoinLimits"]!["ResultPath"]).Should().Be("$.cfg");
        ((string?)states["JoinLimits"]!["Next"]).Should().Be("WaitOrGiveUp");
        var waitOrGiveUp = states["WaitOrGiveUp"]!.AsObject();
        waitOrGiveUp["Choices"]![0]!["Variable"]!.GetValue<string>().Should().Be("$.attempts");
        waitOrGiveUp["Choices"]![0]!["NumericLessThanPath"]!.GetValue<string>().Should().Be("$.cfg.maxAttempts");
        ((string?)waitOrGiveUp["Choices"]![0]!["Next"]).Should().Be("WaitForRegistration");
        ((string?)waitOrGiveUp["Default"]).Should().Be("SendNotFound");
        ((string?)states["WaitForRegistration"]!["SecondsPath"]).Should().Be("$.cfg.waitSeconds");
        ((string?)states["WaitForRegistration"]!["Next"]).Should().Be("CountAttempt");
        ((string?)states["CountAttempt"]!["Parameters"]!["attempts.$"]).Should().Be("States.MathAdd($.attempts, 1)");

        // PrepareJoin counts the first lookup and goes straight to it. Its working state is flat (no nested object to
        // build per event), and CountAttempt rebuilds the same fields: what the sends read must survive a wait.
        ((int?)states["PrepareJoin"]!["Parameters"]!["attempts"]).Should().Be(1);
        ((string?)states["PrepareJoin"]!["Next"]).Should().Be("LookupInstance");
        var prepared = states["PrepareJoin"]!["Parameters"]!.AsObject().Select(p => p.Key.TrimEnd('$', '.')).ToList();
        var counted = states["CountAttempt"]!["Parameters"]!.AsObject().Select(p => p.Key.TrimEnd('$', '.')).ToList();
        prepared.Should().Equal("kind", "containerInstanceArn", "attempts");
        counted.Should().Equal(prepared);
        states["CountAttempt"]!.AsObject().ContainsKey("ResultPath").Should().BeFalse("it replaces the working state, as PrepareJoin does");
        StateMachineFiles.Text(name).Should().Contain("States.StringToJson('${JoinWaitSeconds}')")
            .And.Contain("States.StringToJson('${JoinMaxAttempts}')");
    }

    private static IEnumerable<string> Transitions(JsonObject state)
    {
        if (state["Next"] is JsonValue next)
        {
            yield return (string)next!;
        }

        if (state["Default"] is JsonValue d)
        {
            yield return (string)d!;
        }

        foreach (var choice in state["Choices"]?.AsArray() ?? [])
        {
            yield return (string)choice!["Next"]!;
        }

        foreach (var c in state["Catch"]?.AsArray() ?? [])
        {
            yield return (string)c!["Next"]!;
        }
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Descendants(JsonNode node)
    {
        if (node is JsonObject o)
        {
            foreach (var p in o)
            {
                yield return p;
                if (p.Value is not null)
                {
                    foreach (var d in Descendants(p.Value))
                    {
                        yield return d;
                    }
                }
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a.Where(i => i is not null))
            {
                foreach (var d in Descendants(item!))
                {
                    yield return d;
                }
            }
        }
    }
}
