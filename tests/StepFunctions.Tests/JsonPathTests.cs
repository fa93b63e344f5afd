using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class JsonPathTests
{
    private const string Document = """
        {
          "detail-type": "ECS Container Instance State Change",
          "detail": {
            "attributes": [
              {"name": "ecs.availability-zone", "value": "us-east-1a"},
              {"name": "ecs.instance-type", "value": "m5.large"},
              {"name": "ecs.cpu-architecture", "value": "x86_64"}
            ],
            "cpu": [1, 2, 3, 4, 5],
            "remaining": [{"name": "CPU", "integerValue": 2048}, {"name": "MEMORY", "integerValue": 7000}, {"name": "PORTS"}]
          }
        }
        """;

    private static JsonNode? Select(string path)
    {
        JsonPath.Parse(path).TrySelect(JsonNode.Parse(Document), out var value).Should().BeTrue($"{path} should select something");
        return value;
    }

    [Theory]
    [InlineData("$['detail-type']", "\"ECS Container Instance State Change\"")]
    [InlineData("$.detail-type", "\"ECS Container Instance State Change\"")]
    [InlineData("$.detail.cpu[0]", "1")]
    [InlineData("$.detail.cpu[-1]", "5")]
    [InlineData("$.detail.cpu[-2]", "4")]
    [InlineData("$.detail.cpu[1:3]", "[2,3]")]
    [InlineData("$.detail.cpu[:2]", "[1,2]")]
    [InlineData("$.detail.cpu[-2:]", "[4,5]")]
    [InlineData("$.detail.cpu[0,2]", "[1,3]")]
    [InlineData("$.detail.attributes[*].value", "[\"us-east-1a\",\"m5.large\",\"x86_64\"]")]
    [InlineData("$.detail.attributes[?(@.name=='ecs.availability-zone')].value", "[\"us-east-1a\"]")]
    [InlineData("$.detail.attributes[?(@.name == 'ecs.instance-type' || @.name == 'ecs.cpu-architecture')].value", "[\"m5.large\",\"x86_64\"]")]
    [InlineData("$.detail.attributes[?(@.name != 'ecs.instance-type' && @.value != 'x86_64')].value", "[\"us-east-1a\"]")]
    [InlineData("$.detail.remaining[?(@.integerValue)].name", "[\"CPU\",\"MEMORY\"]")]
    [InlineData("$.detail.remaining[?(@.integerValue > 2048)].name", "[\"MEMORY\"]")]
    [InlineData("$.detail.remaining[?(@.integerValue >= 2048)].name", "[\"CPU\",\"MEMORY\"]")]
    [InlineData("$.detail.remaining[?(@.integerValue < 7000)].name", "[\"CPU\"]")]
    [InlineData("$.detail.remaining[?(@.integerValue <= 7000)].name", "[\"CPU\",\"MEMORY\"]")]
    [InlineData("$..integerValue", "[2048,7000]")]
    [InlineData("$.detail['cpu'][4]", "5")]
    [InlineData("$.detail.attributes[?(@.name=='nope')]", "[]")]
    public void Selects_like_step_functions(string path, string expected) => Select(path).ShouldBeJson(expected);

    [Fact]
    public void Root_path_returns_the_document_itself()
    {
        var doc = JsonNode.Parse(Document);
        JsonPath.Parse("$").TrySelect(doc, out var value).Should().BeTrue();
        value.Should().BeSameAs(doc);
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.detail.cpu[9]")]
    [InlineData("$.detail.cpu[-9]")]
    [InlineData("$.detail.cpu.x")]
    public void Definite_path_to_nothing_selects_nothing(string path) =>
        JsonPath.Parse(path).TrySelect(JsonNode.Parse(Document), out _).Should().BeFalse();

    [Fact]
    public void Paths_are_compiled_once_and_cached() => JsonPath.Parse("$.a.b").Should().BeSameAs(JsonPath.Parse("$.a.b"));

    [Theory]
    [InlineData("a.b")]
    [InlineData("$.a[")]
    [InlineData("$.a[?(@.x ==)]")]
    public void Bad_syntax_is_rejected(string path) => FluentActions.Invoking(() => JsonPath.Parse(path)).Should().Throw<FormatException>();

    [Fact]
    public void Filter_results_are_copies_so_changing_them_does_not_change_the_input()
    {
        var doc = JsonNode.Parse(Document)!;
        JsonPath.Parse("$.detail.attributes[?(@.name=='ecs.availability-zone')]").TrySelect(doc, out var value);
        value![0]!["value"] = "changed";
        doc["detail"]!["attributes"]![0]!["value"]!.GetValue<string>().Should().Be("us-east-1a");
    }

    [Fact]
    public void Filter_in_a_state_extracts_the_availability_zone()
    {
        var result = Sfn.Run(Sfn.SinglePass("\"Parameters\":{\"az.$\":\"$.detail.attributes[?(@.name=='ecs.availability-zone')].value\"}"), Document);
        result.ShouldSucceedWith("{\"az\":[\"us-east-1a\"]}");
    }
}
