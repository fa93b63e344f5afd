using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Local.EventBridge.Templates;
using BatchRuntimeMonitor.Tests.EventBridge.SharedSamples;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.EventBridge.Routing;

/// <summary>
/// TemplateRouting.RoutesFor(JsonElement) matches an event only against the rules its "source" and "detail-type"
/// allow: it must give exactly the rules that matching every rule gives, in template order, whatever the event's
/// "source" and "detail-type" are, and whether they were looked up or found in a pass (<see cref="TopLevelMembers"/>).
/// </summary>
public class RuleIndexTests
{
    private const string Template = """
        Resources:
          BatchOnly:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [aws.batch]}
          BatchOrEcs:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [aws.ecs, aws.batch], detail-type: [Batch Job State Change, ECS Task State Change]}
          PrefixedSource:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [{prefix: aws.}]}
          AnySource:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {detail-type: [Batch Job State Change]}
          SourceMustExist:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [aws.batch, {exists: true}]}
          NoSource:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [{exists: false}]}
          NullSource:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [null]}
          Accented:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [café]}
          BatchDisabled:
            Type: AWS::Events::Rule
            Properties:
              State: DISABLED
              EventPattern: {source: [aws.batch]}
          OrAtTheTop:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [aws.ecs], $or: [{detail-type: [ECS Task State Change]}, {detail: {x: [1]}}]}
          CloudTrailCalls:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [aws.ecs, aws.batch], detail-type: [AWS API Call via CloudTrail], detail: {eventName: [RunTask, SubmitJob]}}
          TypeOnly:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {detail-type: [ECS Task State Change, AWS API Call via CloudTrail]}
          TypeByPrefix:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [aws.batch], detail-type: [{prefix: Batch}]}
          TypeMustBeAbsent:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: {source: [aws.ecs], detail-type: [{exists: false}]}
          TypeDisabled:
            Type: AWS::Events::Rule
            Properties:
              State: DISABLED
              EventPattern: {source: [aws.ecs], detail-type: [ECS Task State Change]}
        """;

    private static readonly TemplateRouting Routing = TemplateRouting.From(CloudFormationTemplate.Parse(Template), new Dictionary<string, string>());

    /// <summary>The repository's template.yaml, with local stand-ins for its queues and tables.</summary>
    private static readonly Lazy<TemplateRouting> ProjectRouting = new(() =>
    {
        var template = CloudFormationTemplate.Load(RepositoryPaths.InRepo("template.yaml"));
        var localValues = template.ResourcesOfType(ResourceTypes.SqsQueue).Concat(template.ResourcesOfType(ResourceTypes.DynamoDbTable))
            .ToDictionary(resource => resource.LogicalId, resource => resource.LogicalId);
        return TemplateRouting.From(template, localValues);
    });

    [Theory]
    [InlineData("{'source':'aws.batch','detail-type':'Batch Job State Change'}")]
    [InlineData("{'source':'aws.ecs','detail-type':'ECS Task State Change'}")]
    [InlineData("{'source':'aws.ecs','detail-type':'other','detail':{'x':1}}")]
    [InlineData("{'source':'aws.autoscaling','detail-type':'Batch Job State Change'}")]
    [InlineData("{'source':'custom','detail-type':'Batch Job State Change'}")]
    [InlineData("{'source':'aws.b\\u0061tch','detail-type':'Batch Job State Change'}")]
    [InlineData("{'source':'caf\\u00e9'}")]
    [InlineData("{'source':'café'}")]
    [InlineData("{'source':['aws.ecs','aws.batch'],'detail-type':'Batch Job State Change'}")]
    [InlineData("{'source':[],'detail-type':'Batch Job State Change'}")]
    [InlineData("{'source':null,'detail-type':'Batch Job State Change'}")]
    [InlineData("{'source':5}")]
    [InlineData("{'source':{'name':'aws.batch'}}")]
    [InlineData("{'detail-type':'Batch Job State Change'}")]
    [InlineData("{'source':'aws.ecs','source':'aws.batch'}")]
    [InlineData("{}")]
    [InlineData("{'source':'aws.ecs','detail-type':'AWS API Call via CloudTrail','detail':{'eventName':'RunTask'}}")]
    [InlineData("{'source':'aws.batch','detail-type':'AWS API Call via CloudTrail','detail':{'eventName':'SubmitJob'}}")]
    [InlineData("{'source':'aws.batch','detail-type':'Batch Job Queue Blocked'}")]
    [InlineData("{'source':'aws.ecs','detail-type':'ECS Task State Change','detail-type':'AWS API Call via CloudTrail','detail':{'eventName':'RunTask'}}")]
    [InlineData("{'source':'aws.ecs','detail-type':['ECS Task State Change']}")]
    [InlineData("{'source':'aws.ecs','detail-type':null}")]
    [InlineData("{'source':'aws.ecs'}")]
    [InlineData("{'source':'aws.ecs','detail-\\u0074ype':'ECS Task State Change'}")]
    [InlineData("{'source':'aws.ecs','detail-type':'ECS Task State Chang\\u0065'}")]
    [InlineData("{'source':'aws.ecs','detail-type':'Unknown'}")]
    public void The_rules_are_those_every_rule_matched_alone_gives(string json) => RoutedAsEveryRuleAlone(Routing, json.Replace('\'', '"'));

    [Fact]
    public void Random_events_are_routed_as_matching_every_rule_alone_routes_them()
    {
        // Every combination the index is laid out by, and then some: listed, unlisted and escaped strings, other kinds,
        // absent names, repeated names (the last counts), for both fields, with details the rules look into.
        string[] sources = ["\"aws.batch\"", "\"aws.ecs\"", "\"aws.autoscaling\"", "\"café\"", "\"caf\\u00e9\"", "\"aws.b\\u0061tch\"", "\"custom\"", "null", "5", "[\"aws.ecs\"]", "[]", "{}"];
        string[] detailTypes = ["\"Batch Job State Change\"", "\"Batch Job Queue Blocked\"", "\"ECS Task State Change\"", "\"AWS API Call via CloudTrail\"", "\"AWS API Call via Cloud\\u0054rail\"", "\"Other\"", "null", "[\"ECS Task State Change\"]", "true"];
        string[] details = ["{\"x\":1}", "{\"eventName\":\"RunTask\"}", "{\"eventName\":\"SubmitJob\"}", "{\"status\":\"FAILED\"}", "[{\"x\":1}]", "null"];
        var random = new Random(20261207);
        for (var i = 0; i < 3_000; i++)
        {
            var members = new List<string> { "\"id\":\"e\"" };
            void Maybe(string name, string[] values)
            {
                var times = random.Next(4) switch { 0 => 0, 3 => 2, _ => 1 };
                for (var n = 0; n < times; n++)
                {
                    members.Insert(random.Next(members.Count + 1), $"\"{name}\":{values[random.Next(values.Length)]}");
                }
            }

            Maybe("source", sources);
            Maybe(random.Next(10) == 0 ? "detail-\\u0074ype" : "detail-type", detailTypes);
            Maybe("detail", details);
            RoutedAsEveryRuleAlone(Routing, "{" + string.Join(",", members) + "}");
        }
    }

    [Fact]
    public void The_cases_reach_every_kind_of_rule()
    {
        var matched = new[]
        {
            "{\"source\":\"aws.batch\",\"detail-type\":\"Batch Job State Change\"}",
            "{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\"}",
            "{\"source\":null}",
            "{}",
            "{\"source\":\"café\"}",
            "{\"source\":\"aws.ecs\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventName\":\"RunTask\"}}",
            "{\"source\":\"aws.batch\",\"detail-type\":\"Batch Job Queue Blocked\"}",
            "{\"source\":\"aws.ecs\"}",
        }.SelectMany(json => Routing.RoutesFor(JsonDocument.Parse(json).RootElement)).Select(route => route.RuleLogicalId).Distinct();

        matched.Should().BeEquivalentTo(Routing.Routes.Where(route => route.Enabled).Select(route => route.RuleLogicalId));
    }

    [Theory]
    [MemberData(nameof(SharedEvents.AllRelativePaths), MemberType = typeof(SharedEvents))]
    public void The_project_rules_route_every_shared_sample_as_matching_every_rule_does(string relativePath)
    {
        var routing = ProjectRouting.Value;
        var @event = SampleEvents.Load(relativePath).AsObject();
        var onBatchCluster = @event.DeepClone().AsObject();
        if (onBatchCluster["detail"] is JsonObject detail)
        {
            detail["clusterArn"] = "arn:aws:ecs:us-east-1:111122223333:cluster/AWSBatch-ce1-0a1b2c3d";
        }

        foreach (var variant in new[] { @event, onBatchCluster })
        {
            RoutedAsEveryRuleAlone(routing, variant.ToJsonString());

            // The sample under every source and detail type the rules list, and one they do not.
            foreach (var (source, detailType) in ListedSourcesAndTypes(routing))
            {
                var moved = variant.DeepClone().AsObject();
                moved["source"] = source;
                moved["detail-type"] = detailType;
                RoutedAsEveryRuleAlone(routing, moved.ToJsonString());
            }
        }
    }

    [Fact]
    public void The_project_rules_index_leaves_each_shared_samples_kind_one_rule_or_none_to_try()
    {
        // What the index is for: an event of the template's kinds is tried against the rules of its source and type only.
        var routing = ProjectRouting.Value;
        var @event = JsonDocument.Parse("{\"source\":\"aws.ecs\",\"detail-type\":\"ECS Task State Change\",\"detail\":{\"clusterArn\":\"arn:aws:ecs:us-east-1:1:cluster/AWSBatch-x\",\"lastStatus\":\"RUNNING\",\"desiredStatus\":\"RUNNING\"}}").RootElement;

        routing.RoutesFor(@event, TopLevelMembers.Read(@event)).Select(route => route.RuleLogicalId).Should().Equal("EcsTaskRule");
    }

    /// <summary>Asserts that the index, with the top-level members looked up or found in a pass, gives what trying every rule gives.</summary>
    private static void RoutedAsEveryRuleAlone(TemplateRouting routing, string json)
    {
        var @event = JsonDocument.Parse(json).RootElement;
        var expected = routing.Routes.Where(route => route.Matches(@event)).Select(route => route.RuleLogicalId).ToList();

        routing.RoutesFor(@event).Select(route => route.RuleLogicalId).Should().Equal(expected, json);
        routing.RoutesFor(@event, TopLevelMembers.Read(@event)).Select(route => route.RuleLogicalId).Should().Equal(expected, json);
        routing.RoutesFor(JsonNode.Parse(json)!).Select(route => route.RuleLogicalId).Should().Equal(expected, json);
    }

    private static IEnumerable<(string Source, string DetailType)> ListedSourcesAndTypes(TemplateRouting routing)
    {
        string[] sources = [.. routing.Routes.SelectMany(route => route.PatternJson["source"] as JsonArray ?? []).OfType<JsonValue>().Select(v => v.ToString()).Distinct(), "other.source"];
        string[] types = [.. routing.Routes.SelectMany(route => route.PatternJson["detail-type"] as JsonArray ?? []).OfType<JsonValue>().Select(v => v.ToString()).Distinct(), "Other Type"];
        return sources.SelectMany(source => types.Select(type => (source, type)));
    }
}
