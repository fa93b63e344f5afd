using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class ChoiceStateTests
{
    private const string Input = """
        {"s":"beta","n":5,"b":true,"t":"2024-01-02T03:04:05Z","t2":"2024-01-03T00:00:00Z","other":"beta","five":5,
         "nul":null,"obj":{},"cluster":"AWSBatch-ce-1234","star":"a*b","bs":"a\\b"}
        """;

    private static bool Holds(string rule)
    {
        var definition = "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Next\":\"Yes\"," + rule[1..] + "],\"Default\":\"No\"},"
            + "\"Yes\":{\"Type\":\"Pass\",\"Result\":true,\"End\":true},\"No\":{\"Type\":\"Pass\",\"Result\":false,\"End\":true}}}";
        var result = Sfn.Run(definition, Input);
        result.Status.Should().Be("SUCCEEDED", $"{result.Error}: {result.Cause}");
        return result.Output!.GetValue<bool>();
    }

    [Theory]
    [InlineData("""{"Variable":"$.s","StringEquals":"beta"}""", true)]
    [InlineData("""{"Variable":"$.s","StringEquals":"alpha"}""", false)]
    [InlineData("""{"Variable":"$.s","StringLessThan":"gamma"}""", true)]
    [InlineData("""{"Variable":"$.s","StringGreaterThan":"alpha"}""", true)]
    [InlineData("""{"Variable":"$.s","StringLessThanEquals":"beta"}""", true)]
    [InlineData("""{"Variable":"$.s","StringGreaterThanEquals":"beta"}""", true)]
    [InlineData("""{"Variable":"$.s","StringEqualsPath":"$.other"}""", true)]
    [InlineData("""{"Variable":"$.s","StringLessThanPath":"$.other"}""", false)]
    [InlineData("""{"Variable":"$.s","StringGreaterThanPath":"$.other"}""", false)]
    [InlineData("""{"Variable":"$.s","StringLessThanEqualsPath":"$.other"}""", true)]
    [InlineData("""{"Variable":"$.s","StringGreaterThanEqualsPath":"$.other"}""", true)]
    [InlineData("""{"Variable":"$.n","NumericEquals":5}""", true)]
    [InlineData("""{"Variable":"$.n","NumericLessThan":5.5}""", true)]
    [InlineData("""{"Variable":"$.n","NumericGreaterThan":5}""", false)]
    [InlineData("""{"Variable":"$.n","NumericLessThanEquals":5}""", true)]
    [InlineData("""{"Variable":"$.n","NumericGreaterThanEquals":6}""", false)]
    [InlineData("""{"Variable":"$.n","NumericEqualsPath":"$.five"}""", true)]
    [InlineData("""{"Variable":"$.n","NumericLessThanPath":"$.five"}""", false)]
    [InlineData("""{"Variable":"$.n","NumericGreaterThanPath":"$.five"}""", false)]
    [InlineData("""{"Variable":"$.n","NumericLessThanEqualsPath":"$.five"}""", true)]
    [InlineData("""{"Variable":"$.n","NumericGreaterThanEqualsPath":"$.five"}""", true)]
    [InlineData("""{"Variable":"$.b","BooleanEquals":true}""", true)]
    [InlineData("""{"Variable":"$.b","BooleanEqualsPath":"$.b"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampEquals":"2024-01-02T03:04:05Z"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampLessThan":"2024-01-02T03:04:06Z"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThan":"2024-01-02T03:04:06Z"}""", false)]
    [InlineData("""{"Variable":"$.t","TimestampLessThanEquals":"2024-01-02T03:04:05+00:00"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThanEquals":"2024-01-02T04:04:05+01:00"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampEqualsPath":"$.t2"}""", false)]
    [InlineData("""{"Variable":"$.t","TimestampLessThanPath":"$.t2"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThanPath":"$.t2"}""", false)]
    [InlineData("""{"Variable":"$.t","TimestampLessThanEqualsPath":"$.t2"}""", true)]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThanEqualsPath":"$.t2"}""", false)]
    [InlineData("""{"Variable":"$.cluster","StringMatches":"AWSBatch-*"}""", true)]
    [InlineData("""{"Variable":"$.cluster","StringMatches":"*_Batch_*"}""", false)]
    [InlineData("""{"Variable":"$.star","StringMatches":"a\\*b"}""", true)]
    [InlineData("""{"Variable":"$.s","StringMatches":"b\\*a"}""", false)]
    [InlineData("""{"Variable":"$.bs","StringMatches":"a\\\\b"}""", true)]
    [InlineData("""{"Variable":"$.missing","IsPresent":false}""", true)]
    [InlineData("""{"Variable":"$.s","IsPresent":true}""", true)]
    [InlineData("""{"Variable":"$.nul","IsNull":true}""", true)]
    [InlineData("""{"Variable":"$.s","IsNull":true}""", false)]
    [InlineData("""{"Variable":"$.s","IsString":true}""", true)]
    [InlineData("""{"Variable":"$.n","IsString":false}""", true)]
    [InlineData("""{"Variable":"$.n","IsNumeric":true}""", true)]
    [InlineData("""{"Variable":"$.b","IsBoolean":true}""", true)]
    [InlineData("""{"Variable":"$.t","IsTimestamp":true}""", true)]
    [InlineData("""{"Variable":"$.s","IsTimestamp":true}""", false)]
    [InlineData("""{"Variable":"$.n","StringEquals":"5"}""", false)]
    [InlineData("""{"And":[{"Variable":"$.s","StringEquals":"beta"},{"Variable":"$.n","NumericEquals":5}]}""", true)]
    [InlineData("""{"Or":[{"Variable":"$.s","StringEquals":"x"},{"Variable":"$.n","NumericEquals":5}]}""", true)]
    [InlineData("""{"Not":{"Variable":"$.s","StringEquals":"beta"}}""", false)]
    [InlineData("""{"And":[{"Variable":"$.missing","IsPresent":true},{"Variable":"$.missing","StringEquals":"x"}]}""", false)]
    public void Evaluates_operator(string rule, bool expected) => Holds(rule).Should().Be(expected);

    [Fact]
    public void A_missing_variable_fails_with_States_Runtime_naming_state_and_path()
    {
        var definition = """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.nope","StringEquals":"x","Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}""";
        var result = Sfn.Run(definition, "{}");
        result.Error.Should().Be("States.Runtime");
        result.Cause.Should().Contain("'C'").And.Contain("$.nope");
    }

    [Fact]
    public void No_match_and_no_default_fails_with_NoChoiceMatched()
    {
        var definition = """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","StringEquals":"x","Next":"D"}]},"D":{"Type":"Succeed"}}}""";
        Sfn.Run(definition, "{\"a\":\"y\"}").Error.Should().Be("States.NoChoiceMatched");
    }

    [Fact]
    public void Choice_applies_InputPath_and_OutputPath()
    {
        var definition = """{"StartAt":"C","States":{"C":{"Type":"Choice","InputPath":"$.in","OutputPath":"$.v","Choices":[{"Variable":"$.v","NumericEquals":1,"Next":"D"}]},"D":{"Type":"Succeed"}}}""";
        Sfn.Run(definition, "{\"in\":{\"v\":1}}").ShouldSucceedWith("1");
    }
}
