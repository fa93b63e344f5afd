using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public sealed class SubstitutionsAndRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sfn-runner-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Replaces_placeholders_only_inside_strings_and_escapes_values()
    {
        var result = DefinitionSubstitutions.Apply(
            """{"a":"${Table}","b":"pre-${Table}-post","c":"${Missing}","d":"${Quote}", "e": 1, "f":"$.x"}""",
            new Dictionary<string, string> { ["Table"] = "instances", ["Quote"] = "say \"hi\"\\" });
        JsonNode.Parse(result.Text).ShouldBeJson("""{"a":"instances","b":"pre-instances-post","c":"${Missing}","d":"say \"hi\"\\","e":1,"f":"$.x"}""");
        result.UnknownPlaceholders.Should().Equal("Missing");
    }

    [Fact]
    public void Placeholders_outside_strings_are_left_alone()
    {
        var result = DefinitionSubstitutions.Apply("""{"a": ${Raw}}""", new Dictionary<string, string> { ["Raw"] = "1" });
        result.Text.Should().Be("""{"a": ${Raw}}""");
        result.UnknownPlaceholders.Should().BeEmpty();
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Runs_a_definition_from_files_with_tables_and_trace()
    {
        var definition = Write("join.asl.json", """
            {"StartAt":"Get","States":{
              "Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"${Table}","Key":{"Arn":{"S.$":"$.arn"}}},
                "ResultSelector":{"item.$":"$.Item"},"ResultPath":"$.join","Next":"Send"},
              "Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"${Queue}","MessageBody.$":"$"},"ResultPath":null,"End":true}}}
            """);
        var input = Write("input.json", """{"arn":"a1"}""");
        var table = Write("instances.json", """[{"Arn":{"S":"a1"},"Type":{"S":"m5.large"}}]""");

        var result = await SfnRunner.RunAsync(
            definition,
            input,
            new Dictionary<string, string> { ["Table"] = "instances", ["Queue"] = "https://sqs.local/1/q" },
            new Dictionary<string, string> { ["instances"] = table },
            trace: true);

        result.ShouldBeJson("""{"status":"SUCCEEDED","output":{"arn":"a1","join":{"item":{"Arn":{"S":"a1"},"Type":{"S":"m5.large"}}}},"states":["Get","Send"]}""");
    }

    [Fact]
    public async Task A_failed_execution_reports_error_and_cause()
    {
        var definition = Write("fail.asl.json", """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}""");
        var result = await SfnRunner.RunAsync(definition, Write("in.json", "{}"), new Dictionary<string, string>(), new Dictionary<string, string>(), trace: false);
        result.ShouldBeJson("""{"status":"FAILED","error":"E","cause":"C"}""");
    }

    [Theory]
    [InlineData("missing-definition")]
    [InlineData("bad-definition")]
    [InlineData("missing-input")]
    [InlineData("bad-input")]
    [InlineData("unknown-placeholder")]
    public async Task Unreadable_or_invalid_files_throw_SfnRunInputException(string problem)
    {
        var good = Write("good.asl.json", """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""");
        var definition = problem switch
        {
            "missing-definition" => Path.Combine(_dir, "nope.json"),
            "bad-definition" => Write("bad.asl.json", """{"StartAt":"X","States":{}}"""),
            "unknown-placeholder" => Write("ph.asl.json", """{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"${Nope}","End":true}}}"""),
            _ => good,
        };
        var input = problem switch
        {
            "missing-input" => Path.Combine(_dir, "none.json"),
            "bad-input" => Write("bad.json", "{not json"),
            _ => Write("in.json", "{}"),
        };
        await FluentActions.Awaiting(() => SfnRunner.RunAsync(definition, input, new Dictionary<string, string>(), new Dictionary<string, string>(), false))
            .Should().ThrowAsync<SfnRunInputException>();
    }
}
