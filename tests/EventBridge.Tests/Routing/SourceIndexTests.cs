using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Local.EventBridge.Templates;
using BatchRuntimeMonitor.Tests.EventBridge.SharedSamples;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.EventBridge.Routing;

/// <summary>
/// TemplateRouting.RoutesFor(JsonElement) matches an event only against the rules its "source" allows: it must give
/// exactly the rules that matching every rule gives, in template order, whatever the event's "source" is.
/// </summary>
public class SourceIndexTests
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
    public void The_rules_are_those_every_rule_matched_alone_gives(string json)
    {
        var @event = JsonDocument.Parse(json.Replace('\'', '"')).RootElement;

        var expected = Routing.Routes.Where(route => route.Matches(@event)).Select(route => route.RuleLogicalId).ToList();

        Routing.RoutesFor(@event).Select(route => route.RuleLogicalId).Should().Equal(expected);
        Routing.RoutesFor(JsonNode.Parse(json.Replace('\'', '"'))!).Select(route => route.RuleLogicalId).Should().Equal(expected);
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
            var parsed = JsonDocument.Parse(variant.ToJsonString()).RootElement;
            routing.RoutesFor(parsed).Select(route => route.RuleLogicalId)
                .Should().Equal(routing.Routes.Where(route => route.Matches(parsed)).Select(route => route.RuleLogicalId), relativePath);
        }
    }
}
