using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class DefinitionValidationTests
{
    [Theory]
    [InlineData("""{"StartAt":"X","States":{"A":{"Type":"Succeed"}}}""", "*StartAt 'X'*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}""", "*'A'*'Nowhere'*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass"}}}""", "*'A'*Next*End*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A","End":true}}}""", "*'A'*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Teleport","End":true}}}""", "*'A'*unknown state type 'Teleport'*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","StringEquals":"y","Next":"Gone"}]}}}""", "*'A'*'Gone'*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","StringEquals":1,"Next":"A"}]}}}""", "*'A'*StringEquals*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","StringSortOf":"y","Next":"A"}]}}}""", "*'A'*StringSortOf*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL","X"],"Next":"A"}]}}}""", "*'A'*States.ALL alone*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["X"]}]}}}""", "*'A'*last*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["X"],"Next":"Missing"}]}}}""", "*'A'*'Missing'*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Wait","End":true}}}""", "*'A'*Seconds*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"not a path"},"End":true}}}""", "*'A'*x.$*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.[","End":true}}}""", "*'A'*InputPath*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","ResultPath":"$.a[*]","End":true}}}""", "*'A'*ResultPath*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"Outside"}}}]},"Outside":{"Type":"Succeed"}}}""", "*'B'*'Outside'*")]
    [InlineData("not json", "*not valid JSON*")]
    [InlineData("""{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$['\ud800']","End":true}}}""", "*string that is not valid Unicode*line 1, column 57*")]
    [InlineData("{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"Result\": {\"\\udc00x\": 1}, \"End\": true}}}", "*name that is not valid Unicode*line 3, column 47*")]
    public void Rejects_invalid_definitions_naming_the_state(string definition, string message) =>
        FluentActions.Invoking(() => StateMachineDefinition.Parse(definition)).Should().Throw<DefinitionException>().WithMessage(message);

    [Fact]
    public void Accepts_a_valid_definition_and_exposes_its_states()
    {
        var definition = StateMachineDefinition.Parse("""{"Comment":"c","StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}""");
        definition.StartAt.Should().Be("A");
        definition.StateNames.Should().BeEquivalentTo(["A", "B"]);
        definition.Comment.Should().Be("c");
    }
}
