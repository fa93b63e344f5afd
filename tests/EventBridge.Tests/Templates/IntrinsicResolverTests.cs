using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Templates;

namespace BatchRuntimeMonitor.Tests.EventBridge.Templates;

public class IntrinsicResolverTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestTemplates.PathOf("short-tags.yaml"));

    private static readonly Dictionary<string, string> LocalValues = new()
    {
        ["Queue"] = "http://localhost:4566/000000000000/Queue",
        ["Queue.Arn"] = "arn:aws:sqs:us-east-1:123456789012:Queue",
        ["Queue.QueueName"] = "Queue",
        ["Db.Endpoint.Address"] = "localhost",
        ["ImportValue:shared-vpc-id"] = "vpc-123",
    };

    private static JsonNode? Resolve(string key, IReadOnlyDictionary<string, string>? parameters = null) =>
        Template.CreateResolver(LocalValues, parameters).Resolve(Template.FindResource("Sample")!.Definition["Metadata"]![key]);

    [Theory]
    [InlineData("Ref", "\"http://localhost:4566/000000000000/Queue\"")]
    [InlineData("GetAttDot", "\"arn:aws:sqs:us-east-1:123456789012:Queue\"")]
    [InlineData("GetAttDeep", "\"localhost\"")]
    [InlineData("GetAttList", "\"Queue\"")]
    [InlineData("SubString", "\"arn:aws:sqs:us-east-1:123456789012:Queue-dev ${Literal}\"")]
    [InlineData("SubWithMap", "\"http://localhost:4566/000000000000/Queue/fixed\"")]
    [InlineData("Join", "\"a-dev-c\"")]
    [InlineData("Select", "\"subnet-b\"")]
    [InlineData("Split", "[\"x\",\"y\",\"z\"]")]
    [InlineData("If", "\"small\"")]
    [InlineData("Equals", "true")]
    [InlineData("Not", "true")]
    [InlineData("And", "true")]
    [InlineData("Or", "false")]
    [InlineData("FindInMap", "256")]
    [InlineData("ImportValue", "\"vpc-123\"")]
    [InlineData("Base64", "\"aGVsbG8=\"")]
    [InlineData("GetAZs", "[\"us-east-1a\",\"us-east-1b\",\"us-east-1c\"]")]
    [InlineData("Condition", "true")]
    [InlineData("Cidr", "[\"10.0.0.0/24\",\"10.0.1.0/24\",\"10.0.2.0/24\"]")]
    [InlineData("Nested", "\"dev!\"")]
    [InlineData("Plain", """{"Number":42,"Float":1.5,"Bool":true,"Null":null,"QuotedNumber":"42","AccountId":"012345678901","Date":"2010-09-09"}""")]
    public void Resolves_with_parameter_defaults(string key, string expectedJson) =>
        JsonNode.DeepEquals(Resolve(key), JsonNode.Parse(expectedJson)).Should().BeTrue($"{key} resolved to {Resolve(key)?.ToJsonString()}");

    [Theory]
    [InlineData("If", "\"big\"")]
    [InlineData("FindInMap", "1024")]
    [InlineData("Or", "true")]
    [InlineData("Condition", "false")]
    [InlineData("Join", "\"a-prod-c\"")]
    public void Parameter_values_override_defaults(string key, string expectedJson) =>
        JsonNode.DeepEquals(Resolve(key, new Dictionary<string, string> { ["Stage"] = "prod" }), JsonNode.Parse(expectedJson)).Should().BeTrue();

    [Fact]
    public void NoValue_removes_the_property_or_element()
    {
        var resolver = Template.CreateResolver(LocalValues);
        var node = JsonNode.Parse("""{"keep":1,"drop":{"Fn::If":["IsProd","x",{"Ref":"AWS::NoValue"}]},"list":[1,{"Ref":"AWS::NoValue"},2]}""");
        resolver.Resolve(node)!.ToJsonString().Should().Be("""{"keep":1,"list":[1,2]}""");
        Resolve("IfNoValue").Should().BeNull();
    }

    [Fact]
    public void Pseudo_parameters_have_local_defaults_and_can_be_changed()
    {
        var sub = JsonNode.Parse("""{"Fn::Sub":"${AWS::Region}|${AWS::AccountId}|${AWS::Partition}|${AWS::StackName}|${AWS::URLSuffix}"}""");
        Template.CreateResolver().ResolveString(sub).Should().Be("us-east-1|123456789012|aws|batch-runtime-monitor-local|amazonaws.com");
        Template.CreateResolver(pseudoParameters: new PseudoParameters(Region: "eu-west-1", StackName: "s"))
            .ResolveString(sub).Should().Be("eu-west-1|123456789012|aws|s|amazonaws.com");
        Template.CreateResolver().ResolveString(JsonNode.Parse("""{"Ref":"AWS::StackId"}""")).Should().StartWith("arn:aws:cloudformation:us-east-1:123456789012:stack/");
    }

    [Theory]
    [InlineData("""{"Fn::Sub":"${Missing}"}""", "Missing")]
    [InlineData("""{"Ref":"Queue"}""", "localValues[\"Queue\"]")]
    [InlineData("""{"Fn::GetAtt":["Queue","Unknown"]}""", "localValues[\"Queue.Unknown\"]")]
    [InlineData("""{"Fn::Sub":"${Db.Port}"}""", "Db.Port")]
    [InlineData("""{"Fn::ImportValue":"other"}""", "ImportValue:other")]
    [InlineData("""{"Fn::FindInMap":["StageSettings","qa","MemorySize"]}""", "StageSettings/qa/MemorySize")]
    [InlineData("""{"Fn::Select":[5,["a"]]}""", "index 5")]
    [InlineData("""{"Fn::If":["NoSuchCondition","a","b"]}""", "NoSuchCondition")]
    [InlineData("""{"Fn::Transform":{"Name":"x"}}""", "not supported")]
    public void Unresolvable_intrinsics_say_what_to_supply(string json, string mentioned) =>
        FluentActions.Invoking(() => Template.CreateResolver().Resolve(JsonNode.Parse(json)))
            .Should().Throw<UnresolvableIntrinsicException>().WithMessage($"*{mentioned}*");

    [Fact]
    public void Sub_variables_shadow_template_names_and_literals_are_not_evaluated()
    {
        var node = JsonNode.Parse("""{"Fn::Sub":["${Stage}-${AWS::Region}-${!Stage}-${ Stage }",{"Stage":"mine"}]}""");
        Template.CreateResolver().ResolveString(node).Should().Be("mine-us-east-1-${Stage}-mine");
    }

    [Fact]
    public void Iam_condition_objects_are_not_mistaken_for_the_condition_function()
    {
        var node = JsonNode.Parse("""{"Condition":{"StringEquals":{"aws:SourceAccount":{"Ref":"AWS::AccountId"}}}}""");
        Template.CreateResolver().Resolve(node)!.ToJsonString()
            .Should().Be("""{"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}""");
    }

    [Fact]
    public void Conditions_evaluate_by_name()
    {
        var resolver = Template.CreateResolver();
        resolver.EvaluateCondition("IsProd").Should().BeFalse();
        resolver.EvaluateCondition("IsDev").Should().BeTrue();
        resolver.EvaluateCondition("DevAndEast").Should().BeTrue();
        resolver.EvaluateCondition("ProdOrEast").Should().BeTrue();
        Template.CreateResolver(pseudoParameters: new PseudoParameters(Region: "eu-west-1")).EvaluateCondition("ProdOrEast").Should().BeFalse();
    }

    [Fact]
    public void A_condition_that_refers_to_itself_is_reported()
    {
        var template = CloudFormationTemplate.Parse("Conditions:\n  A: !Not [!Condition A]\n");
        FluentActions.Invoking(() => template.CreateResolver().EvaluateCondition("A"))
            .Should().Throw<UnresolvableIntrinsicException>().WithMessage("*itself*");
    }

    [Fact]
    public void Ref_to_a_list_parameter_is_a_list()
    {
        Template.CreateResolver().Resolve(JsonNode.Parse("""{"Ref":"Subnets"}"""))!.ToJsonString().Should().Be("""["subnet-a","subnet-b"]""");
        Template.CreateResolver().ResolveString(JsonNode.Parse("""{"Fn::Join":[";",{"Ref":"Subnets"}]}""")).Should().Be("subnet-a;subnet-b");
    }

    [Theory]
    [InlineData("""{"Fn::GetAtt":["Queue","Arn"]}""", "arn:aws:sqs:us-east-1:123456789012:Queue")]
    [InlineData("""{"Fn::Sub":"${Queue.QueueName}"}""", "Queue")]
    [InlineData("""{"Fn::GetAtt":["Queue","QueueUrl"]}""", "https://sqs.us-east-1.amazonaws.com/123456789012/Queue")]
    public void Arn_and_name_attributes_are_derived_when_not_given(string json, string expected) =>
        Template.CreateResolver().ResolveString(JsonNode.Parse(json)).Should().Be(expected);

    [Fact]
    public void Derived_attributes_follow_the_local_ref_value()
    {
        var resolver = Template.CreateResolver(new Dictionary<string, string> { ["Queue"] = "http://localhost:4566/000000000000/local-queue" });
        resolver.ResolveString(JsonNode.Parse("""{"Fn::GetAtt":["Queue","Arn"]}""")).Should().Be("arn:aws:sqs:us-east-1:123456789012:local-queue");
        resolver.ResolveString(JsonNode.Parse("""{"Fn::GetAtt":["Queue","QueueUrl"]}""")).Should().Be("http://localhost:4566/000000000000/local-queue");
    }
}
