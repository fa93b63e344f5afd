using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Templates;

namespace BatchRuntimeMonitor.Tests.EventBridge.Templates;

/// <summary>The YAML loader turns each short tag into the long form a JSON template would have.</summary>
public class ShortTagLoadingTests
{
    private static readonly JsonObject Metadata =
        CloudFormationTemplate.Load(TestTemplates.PathOf("short-tags.yaml")).FindResource("Sample")!.Definition["Metadata"]!.AsObject();

    [Theory]
    [InlineData("Ref", """{"Ref":"Queue"}""")]
    [InlineData("GetAttDot", """{"Fn::GetAtt":["Queue","Arn"]}""")]
    [InlineData("GetAttDeep", """{"Fn::GetAtt":["Db","Endpoint.Address"]}""")]
    [InlineData("GetAttList", """{"Fn::GetAtt":["Queue","QueueName"]}""")]
    [InlineData("SubString", """{"Fn::Sub":"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}-${Stage} ${!Literal}"}""")]
    [InlineData("SubWithMap", """{"Fn::Sub":["${Name}/${Other}",{"Name":{"Ref":"Queue"},"Other":"fixed"}]}""")]
    [InlineData("Join", """{"Fn::Join":["-",["a",{"Ref":"Stage"},"c"]]}""")]
    [InlineData("Select", """{"Fn::Select":[1,{"Ref":"Subnets"}]}""")]
    [InlineData("Split", """{"Fn::Split":[",","x,y,z"]}""")]
    [InlineData("If", """{"Fn::If":["IsProd","big","small"]}""")]
    [InlineData("IfNoValue", """{"Fn::If":["IsProd","present",{"Ref":"AWS::NoValue"}]}""")]
    [InlineData("Equals", """{"Fn::Equals":["a","a"]}""")]
    [InlineData("Not", """{"Fn::Not":[{"Fn::Equals":["a","b"]}]}""")]
    [InlineData("And", """{"Fn::And":[{"Fn::Equals":["a","a"]},{"Condition":"IsDev"}]}""")]
    [InlineData("Or", """{"Fn::Or":[{"Fn::Equals":["a","b"]},{"Condition":"IsProd"}]}""")]
    [InlineData("FindInMap", """{"Fn::FindInMap":["StageSettings",{"Ref":"Stage"},"MemorySize"]}""")]
    [InlineData("ImportValue", """{"Fn::ImportValue":"shared-vpc-id"}""")]
    [InlineData("Base64", """{"Fn::Base64":"hello"}""")]
    [InlineData("GetAZs", """{"Fn::GetAZs":""}""")]
    [InlineData("Condition", """{"Condition":"DevAndEast"}""")]
    [InlineData("Cidr", """{"Fn::Cidr":["10.0.0.0/16",3,8]}""")]
    [InlineData("Nested", """{"Fn::Join":["",[{"Fn::Select":[0,{"Fn::Split":["/",{"Fn::Sub":"${Stage}/rest"}]}]},"!"]]}""")]
    [InlineData("Plain", """{"Number":42,"Float":1.5,"Bool":true,"Null":null,"QuotedNumber":"42","AccountId":"012345678901","Date":"2010-09-09"}""")]
    public void Short_tags_become_long_forms(string key, string expectedJson) =>
        JsonNode.DeepEquals(Metadata[key], JsonNode.Parse(expectedJson)).Should().BeTrue($"{key} was {Metadata[key]?.ToJsonString()}");

    [Fact]
    public void Conditions_section_uses_long_forms_too()
    {
        var template = CloudFormationTemplate.Load(TestTemplates.PathOf("short-tags.yaml"));
        template.Conditions["IsDev"]!.ToJsonString().Should().Be("""{"Fn::Not":[{"Condition":"IsProd"}]}""");
    }

    [Fact]
    public void Json_templates_load_to_the_same_shape()
    {
        var template = CloudFormationTemplate.Load(TestTemplates.PathOf("short-tags.json"));
        template.PropertiesOf("Rule")["EventPattern"]!["account"]![0]!.ToJsonString().Should().Be("""{"Ref":"AWS::AccountId"}""");
        template.ResourcesOfType("AWS::SQS::Queue").Select(r => r.LogicalId).Should().Equal("Queue");
    }

    [Fact]
    public void Resources_by_type_and_properties()
    {
        var template = CloudFormationTemplate.Load(TestTemplates.PathOf("short-tags.yaml"));
        template.Resources.Select(r => r.LogicalId).Should().Equal("Queue", "Sample");
        template.ResourcesOfType("AWS::SQS::Queue").Single().Properties.Should().BeEmpty();
        template.FindResource("Missing").Should().BeNull();
        FluentActions.Invoking(() => template.PropertiesOf("Missing")).Should().Throw<KeyNotFoundException>();
        template.ParameterDefaults().Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["Stage"] = "dev",
            ["Subnets"] = "subnet-a,subnet-b",
            ["RetentionDays"] = "14",
        });
    }

    [Theory]
    [InlineData("A: !Unknown x")]
    [InlineData("A: !GetAtt NoDot")]
    [InlineData("A: !Ref [a, b]")]
    [InlineData("A: [unclosed")]
    [InlineData("- not a mapping")]
    public void Invalid_templates_are_rejected(string yaml) =>
        FluentActions.Invoking(() => CloudFormationTemplate.Parse(yaml)).Should().Throw<FormatException>();
}
