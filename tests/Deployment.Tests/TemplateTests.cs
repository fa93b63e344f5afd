using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Deployment;

/// <summary>Properties of template.yaml that the architecture and the cost model depend on, read by path.</summary>
public sealed class TemplateTests
{
    private static readonly TemplateDocument Template = TemplateDocument.Load();

    private static readonly Dictionary<string, string> StateMachineFile = new(StringComparer.Ordinal)
    {
        ["InstanceRegistrationStateMachine"] = "instance-registration",
        ["RunTaskCallsStateMachine"] = "runtask-calls",
        ["TaskPlacementStateMachine"] = "task-placement",
        ["JobStatesStateMachine"] = "job-states",
        ["SubmitJobStateMachine"] = "submit-job",
        ["AsgCreatedStateMachine"] = "asg-created",
    };

    [Fact]
    public void Template_ShouldDeclareTheSamTransform() =>
        ((string?)Template.Root["Transform"]).Should().Be("AWS::Serverless-2016-10-31");

    [Fact]
    public void Template_ShouldHaveOneStateMachinePerEventFamily()
    {
        var machines = Template.OfType("AWS::Serverless::StateMachine").ToDictionary(m => m.Id, m => m.Properties);
        machines.Keys.Should().BeEquivalentTo(StateMachineFile.Keys);
        foreach (var (id, file) in StateMachineFile)
        {
            var props = machines[id];
            ((string?)props["Type"]).Should().Be("EXPRESS", id);
            ((string?)props["DefinitionUri"]).Should().Be($"statemachines/{file}.asl.json", id);
            File.Exists(RepositoryPaths.InRepo("statemachines", file + ".asl.json")).Should().BeTrue(id);
            ((bool?)props["Logging"]!["IncludeExecutionData"]).Should().BeFalse(id);
            TemplateDocument.ReferencedId(props["Logging"]!["Level"]).Should().Be("StateMachineLogLevel", id);
            props["Logging"]!["Destinations"]!.AsArray().Should().ContainSingle(id);
            props["Tracing"]!["Enabled"]!["Fn::If"]![0]!.GetValue<string>().Should().Be("TracingEnabled", id);
        }
    }

    [Theory]
    [InlineData("InstanceRegistrationStateMachine")]
    [InlineData("RunTaskCallsStateMachine")]
    [InlineData("TaskPlacementStateMachine")]
    [InlineData("JobStatesStateMachine")]
    [InlineData("SubmitJobStateMachine")]
    [InlineData("AsgCreatedStateMachine")]
    public void DefinitionSubstitutions_ShouldProvideExactlyThePlaceholdersOfTheDefinition(string id)
    {
        var props = Template.Properties(id);
        var provided = props["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var used = StateMachineFiles.Placeholders(StateMachineFiles.Text(StateMachineFile[id]));
        provided.Should().BeEquivalentTo(used, $"{id}: every ${{Placeholder}} needs a substitution and every substitution a use");
    }

    [Fact]
    public void StateMachinePolicies_ShouldGrantOnlyTheirTableQueuesAndGroupMetrics()
    {
        foreach (var (id, props) in Template.OfType("AWS::Serverless::StateMachine"))
        {
            var statements = Statements(props["Policies"]).ToList();
            var actions = statements.SelectMany(s => Actions(s)).ToHashSet(StringComparer.Ordinal);
            var definition = StateMachineFiles.Text(StateMachineFile[id]);

            actions.Contains("dynamodb:GetItem").Should().Be(definition.Contains("dynamodb:getItem", StringComparison.Ordinal), id);
            actions.Contains("autoscaling:EnableMetricsCollection").Should().Be(definition.Contains("enableMetricsCollection", StringComparison.Ordinal), id);
            actions.Should().Contain("sqs:SendMessage", id);
            actions.Where(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)).Should().BeSubsetOf(["dynamodb:GetItem"], id);

            var ddb = statements.Where(s => Actions(s).Contains("dynamodb:GetItem")).ToList();
            ddb.Where(s => TemplateDocument.ReferencedId(s["Resource"]) != "InstancesTable").Should().BeEmpty(id);
        }
    }

    [Fact]
    public void Functions_ShouldRunDotnet10OnArm64WithTheirHandlersAndSqsBatches()
    {
        var globals = Template.Root["Globals"]!["Function"]!;
        ((string?)globals["Runtime"]).Should().Be("dotnet10");
        globals["Architectures"]!.AsArray().Select(a => (string?)a).Should().Equal("arm64");
        ((int?)globals["Timeout"]).Should().Be(30);
        globals["Environment"]!["Variables"]!.AsObject().Select(v => v.Key)
            .Should().BeEquivalentTo("METRICS_NAMESPACE", "INSTANCES_TABLE", "JOBS_TABLE", "LEDGER_TTL_DAYS");

        var functions = Template.OfType("AWS::Serverless::Function").ToDictionary(f => f.Id, f => f.Properties);
        functions.Keys.Should().BeEquivalentTo(HandlerTests.Expected.Select(e => e.LogicalId));
        foreach (var expected in HandlerTests.Expected)
        {
            var props = functions[expected.LogicalId];
            ((string?)props["Handler"]).Should().Be(expected.Handler);
            ((string?)props["CodeUri"]).Should().Be($"functions/{expected.Folder}/");
            ((string?)props["LoggingConfig"]!["LogFormat"]).Should().Be("Text", "EMF lines must reach CloudWatch Logs as bare JSON");
            TemplateDocument.ReferencedId(props["LoggingConfig"]!["LogGroup"]).Should().Be(expected.Folder + "LogGroup");

            var sqs = props["Events"]!.AsObject().Single().Value!;
            ((string?)sqs["Type"]).Should().Be("SQS");
            var e = sqs["Properties"]!;
            ((int?)e["BatchSize"]).Should().Be(100);
            ((int?)e["MaximumBatchingWindowInSeconds"]).Should().Be(5);
            e["FunctionResponseTypes"]!.AsArray().Select(t => (string?)t).Should().Equal("ReportBatchItemFailures");
            TemplateDocument.ReferencedId(e["Queue"]).Should().Be(expected.Queue);
        }
    }

    [Fact]
    public void FunctionPolicies_ShouldTouchOnlyTheTablesEachFunctionUses()
    {
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            // Late attribution: the job functions keep waiting job ids on the instance's item, and the registration
            // backfills those jobs' ledger entries (docs/architecture.md).
            ["InstanceRegistrationFunction"] = ["InstancesTable:dynamodb:GetItem", "InstancesTable:dynamodb:PutItem", "JobsTable:dynamodb:GetItem", "JobsTable:dynamodb:PutItem"],
            ["RunTaskCallsFunction"] = ["InstancesTable:dynamodb:GetItem", "InstancesTable:dynamodb:PutItem", "JobsTable:dynamodb:GetItem", "JobsTable:dynamodb:PutItem"],
            ["JobTransitionsFunction"] = ["InstancesTable:dynamodb:GetItem", "InstancesTable:dynamodb:PutItem", "JobsTable:dynamodb:GetItem", "JobsTable:dynamodb:PutItem"],
            ["AsgMonitoringFunction"] = ["JobsTable:dynamodb:GetItem", "JobsTable:dynamodb:PutItem"],
        };
        foreach (var (id, props) in Template.OfType("AWS::Serverless::Function"))
        {
            var grants = Statements(props["Policies"])
                .SelectMany(s => Actions(s).Select(a => $"{TemplateDocument.ReferencedId(s["Resource"])}:{a}"))
                .ToList();
            grants.Should().BeEquivalentTo(expected[id], id);
        }
    }

    [Fact]
    public void Queues_ShouldBeEncryptedAndPipelineQueuesShouldRedriveWithSixTimesTheFunctionTimeout()
    {
        var timeout = (int)Template.Root["Globals"]!["Function"]!["Timeout"]!;
        foreach (var (id, props) in Template.OfType("AWS::SQS::Queue"))
        {
            ((bool?)props["SqsManagedSseEnabled"]).Should().BeTrue(id);
            if (id.EndsWith("EventsQueue", StringComparison.Ordinal))
            {
                ((int?)props["VisibilityTimeout"]).Should().Be(6 * timeout, id);
                TemplateDocument.ReferencedId(props["RedrivePolicy"]!["deadLetterTargetArn"]).Should().Be("ProcessingDeadLetterQueue", id);
                ((int?)props["RedrivePolicy"]!["maxReceiveCount"]).Should().BeGreaterThan(1, id);
            }
        }
    }

    [Theory]
    [InlineData("InstancesTable", "ContainerInstanceArn")]
    [InlineData("JobsTable", "JobId")]
    public void Tables_ShouldBeOnDemandEncryptedRecoverableWithTtl(string id, string key)
    {
        var props = Template.Properties(id);
        ((string?)props["BillingMode"]).Should().Be("PAY_PER_REQUEST");
        ((string?)props["KeySchema"]![0]!["AttributeName"]).Should().Be(key);
        props["KeySchema"]!.AsArray().Should().ContainSingle();
        ((bool?)props["SSESpecification"]!["SSEEnabled"]).Should().BeTrue();
        ((bool?)props["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]).Should().BeTrue();
        ((string?)props["TimeToLiveSpecification"]!["AttributeName"]).Should().Be("ExpiresAt");
        ((bool?)props["TimeToLiveSpecification"]!["Enabled"]).Should().BeTrue();
    }

    [Fact]
    public void LogGroups_ShouldAllHaveARetentionAndInsightsShouldKeepTheInsightRetention()
    {
        foreach (var (id, props) in Template.OfType("AWS::Logs::LogGroup"))
        {
            var retention = TemplateDocument.ReferencedId(props["RetentionInDays"]);
            retention.Should().Be(id == "JobTransitionsLogGroup" ? "InsightRetentionDays" : "LogRetentionDays", id);
        }

        ((int?)Template.Parameters["InsightRetentionDays"]!["Default"]).Should().Be(365);
        ((int?)Template.Parameters["LedgerTtlDays"]!["Default"]).Should().Be(90);
        ((string?)Template.Parameters["MetricsNamespace"]!["Default"]).Should().Be("AWSBatchMetrics");
        ((string?)Template.Parameters["StateMachineLogLevel"]!["Default"]).Should().Be("ERROR");
        ((string?)Template.Parameters["EnableTracing"]!["Default"]).Should().Be("false");
    }

    [Fact]
    public void PipelineRules_ShouldRetryAndDeadLetterAndTheDeadLetterQueueShouldAcceptEachOfThem()
    {
        var rules = PipelineRules().ToList();
        rules.Should().HaveCount(7);
        foreach (var (id, props) in rules)
        {
            var target = props["Targets"]!.AsArray().Single()!;
            target["RetryPolicy"]!["MaximumRetryAttempts"].Should().NotBeNull(id);
            target["RetryPolicy"]!["MaximumEventAgeInSeconds"].Should().NotBeNull(id);
            TemplateDocument.ReferencedId(target["DeadLetterConfig"]!["Arn"]).Should().Be("EventRulesDeadLetterQueue", id);
            TemplateDocument.ReferencedId(target["RoleArn"]).Should().Be("EventRulesRole", id);
        }

        var allowed = Template.Properties("EventRulesDeadLetterQueuePolicy")["PolicyDocument"]!["Statement"]![0]!;
        ((string?)allowed["Principal"]!["Service"]).Should().Be("events.amazonaws.com");
        allowed["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.AsArray().Select(TemplateDocument.ReferencedId)
            .Should().BeEquivalentTo(rules.Select(r => r.Id));
    }

    [Fact]
    public void Archive_ShouldKeepExactlyTheEventsThePipelineRulesMatch()
    {
        var archive = Template.Properties("MatchedEventsArchive");
        var alternatives = archive["EventPattern"]!["$or"]!.AsArray().Select(p => p!.ToJsonString()).ToList();
        alternatives.Should().BeEquivalentTo(PipelineRules().Select(r => r.Properties["EventPattern"]!.ToJsonString()));
        ((string?)archive["SourceArn"]!["Fn::Sub"]).Should().EndWith(":event-bus/default");
    }

    [Fact]
    public void OptionalParts_ShouldHangOnTheirConditions()
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS::CloudTrail::Trail"] = "CreateTrailCondition",
            ["AWS::S3::Bucket"] = "CreateTrailCondition",
            ["AWS::S3::BucketPolicy"] = "CreateTrailCondition",
            ["AWS::SNS::Topic"] = "HasAlertEmail",
            ["AWS::SNS::Subscription"] = "HasAlertEmail",
            ["AWS::KinesisFirehose::DeliveryStream"] = "HasInsightsExportBucket",
            ["AWS::Logs::SubscriptionFilter"] = "HasInsightsExportBucket",
        };
        foreach (var (type, condition) in expected)
        {
            Template.Resources.Where(r => (string?)r.Value!["Type"] == type)
                .Should().OnlyContain(r => (string?)r.Value!["Condition"] == condition, type);
        }

        ((string?)Template.Properties("InsightsSubscriptionFilter")["FilterPattern"]).Should().Be("{ $.RecordType = \"JobInsight\" }");
        var alert = Template.Properties("FailedJobAlertRule");
        alert["EventPattern"]!["detail"]!["status"]!.AsArray().Select(s => (string?)s).Should().Equal("FAILED");
        alert["Targets"]![0]!["InputTransformer"].Should().NotBeNull();
    }

    [Fact]
    public void Outputs_ShouldLinkEveryDashboardAndNameTheTables()
    {
        var outputs = Template.Root["Outputs"]!.AsObject();
        foreach (var (id, _) in Template.OfType("AWS::CloudWatch::Dashboard"))
        {
            var url = (string?)outputs[id + "Url"]?["Value"]?["Fn::Sub"];
            url.Should().Be($"https://${{AWS::Region}}.console.aws.amazon.com/cloudwatch/home?region=${{AWS::Region}}#dashboards/dashboard/${{{id}}}");
        }

        TemplateDocument.ReferencedId(outputs["InstancesTableName"]!["Value"]).Should().Be("InstancesTable");
        TemplateDocument.ReferencedId(outputs["JobsTableName"]!["Value"]).Should().Be("JobsTable");
    }

    [Fact]
    public void SamConfig_ShouldDeployTheNamedStackWithIamCapabilityAndConfirmation()
    {
        var text = File.ReadAllText(RepositoryPaths.InRepo("samconfig.toml"));
        text.Should().Contain("stack_name = \"batch-runtime-monitor\"")
            .And.Contain("capabilities = \"CAPABILITY_IAM\"")
            .And.Contain("resolve_s3 = true")
            .And.Contain("confirm_changeset = true");
    }

    internal static IEnumerable<(string Id, JsonObject Properties)> PipelineRules() =>
        Template.OfType("AWS::Events::Rule").Where(r => r.Id != "FailedJobAlertRule");

    internal static IEnumerable<JsonObject> Statements(JsonNode? policies)
    {
        foreach (var policy in policies?.AsArray() ?? [])
        {
            var document = policy is JsonObject o && o["Fn::If"] is JsonArray branches ? branches[1] : policy;
            if (document is JsonObject d && d["Statement"] is JsonArray statements)
            {
                foreach (var s in statements)
                {
                    yield return s!.AsObject();
                }
            }
        }
    }

    internal static IReadOnlyList<string> Actions(JsonObject statement) => statement["Action"] switch
    {
        JsonArray a => a.Select(x => (string)x!).ToList(),
        JsonValue v => [(string)v!],
        _ => [],
    };
}
