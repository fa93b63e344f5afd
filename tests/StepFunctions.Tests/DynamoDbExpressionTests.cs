using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class DynamoDbExpressionTests
{
    private static readonly JsonObject Item = (JsonObject)JsonNode.Parse("""
        {"Id":{"S":"i-1"},"Type":{"S":"m5.large"},"Vcpus":{"N":"2"},"Up":{"BOOL":true},"Tags":{"SS":["a","b"]},
         "Meta":{"M":{"Zone":{"S":"us-east-1a"},"List":{"L":[{"N":"1"},{"S":"x"}]}}},"Gone":{"NULL":true}}
        """)!;

    private static readonly ExpressionContext Context = new(
        (JsonObject)JsonNode.Parse("""{"#t":"Type","#m":"Meta"}""")!,
        (JsonObject)JsonNode.Parse("""{":m5":{"S":"m5.large"},":two":{"N":"2"},":three":{"N":"3.0"},":one":{"N":"1"},":p":{"S":"m5"},":a":{"S":"a"},":S":{"S":"S"},":M":{"S":"M"},":x":{"S":"x"},":true":{"BOOL":true}}""")!);

    [Theory]
    [InlineData("attribute_exists(Id)", true)]
    [InlineData("attribute_not_exists(Id)", false)]
    [InlineData("attribute_not_exists(Nope)", true)]
    [InlineData("attribute_exists(#m.Zone)", true)]
    [InlineData("attribute_exists(#m.List[1])", true)]
    [InlineData("attribute_exists(#m.List[5])", false)]
    [InlineData("attribute_type(Id, :S)", true)]
    [InlineData("attribute_type(#m, :M)", true)]
    [InlineData("begins_with(#t, :p)", true)]
    [InlineData("contains(Tags, :a)", true)]
    [InlineData("contains(#t, :p)", true)]
    [InlineData("contains(#m.List, :x)", true)]
    [InlineData("size(Tags) = :two", true)]
    [InlineData("size(#t) > :two", true)]
    [InlineData("#t = :m5", true)]
    [InlineData("#t <> :m5", false)]
    [InlineData("Vcpus = :two", true)]
    [InlineData("Vcpus < :three", true)]
    [InlineData("Vcpus <= :two", true)]
    [InlineData("Vcpus > :one", true)]
    [InlineData("Vcpus >= :three", false)]
    [InlineData("Vcpus BETWEEN :one AND :three", true)]
    [InlineData("Vcpus IN (:one, :three)", false)]
    [InlineData("Vcpus IN (:one, :two)", true)]
    [InlineData("Up = :true AND Vcpus = :two", true)]
    [InlineData("Up = :true AND NOT Vcpus = :two", false)]
    [InlineData("Vcpus = :one OR #t = :m5", true)]
    [InlineData("(Vcpus = :one OR Vcpus = :two) AND attribute_exists(Gone)", true)]
    [InlineData("Nope = :one", false)]
    [InlineData("Nope <> :one", true)]
    [InlineData("#t = :two", false)]
    public void Evaluates_condition(string expression, bool expected) =>
        ConditionExpression.Evaluate(expression, Context, Item).Should().Be(expected);

    [Fact]
    public void Condition_on_a_missing_item_sees_no_attributes() =>
        ConditionExpression.Evaluate("attribute_not_exists(Id)", Context, null).Should().BeTrue();

    [Theory]
    [InlineData("#undefined = :one")]
    [InlineData("Id = :undefined")]
    [InlineData("Id = ")]
    public void Bad_expressions_are_validation_errors(string expression) =>
        FluentActions.Invoking(() => ConditionExpression.Evaluate(expression, Context, Item)).Should().Throw<DynamoDbValidationException>();

    private static JsonObject Update(string expression, string values = """{":one":{"N":"1"},":five":{"N":"5"},":l":{"L":[{"S":"z"}]},":ss":{"SS":["b","c"]},":v":{"S":"v"}}""")
    {
        var item = (JsonObject)Item.DeepClone();
        UpdateExpression.Apply(expression, new ExpressionContext((JsonObject)JsonNode.Parse("""{"#c":"Count","#m":"Meta"}""")!, (JsonObject)JsonNode.Parse(values)!), item);
        return item;
    }

    [Fact]
    public void Set_with_if_not_exists_and_arithmetic() =>
        Update("SET #c = if_not_exists(#c, :one) + :five, Vcpus = Vcpus - :one")
            .Should().Match<JsonObject>(i => i["Count"]!["N"]!.GetValue<string>() == "6" && i["Vcpus"]!["N"]!.GetValue<string>() == "1");

    [Fact]
    public void Set_list_append_and_nested_paths()
    {
        var item = Update("SET #m.List = list_append(#m.List, :l), #m.Zone = :v, NewAttr = :v");
        item["Meta"]!["M"]!["List"].ShouldBeJson("""{"L":[{"N":"1"},{"S":"x"},{"S":"z"}]}""");
        item["Meta"]!["M"]!["Zone"].ShouldBeJson("""{"S":"v"}""");
        item["NewAttr"].ShouldBeJson("""{"S":"v"}""");
    }

    [Fact]
    public void Remove_add_and_delete()
    {
        var item = Update("REMOVE Gone, #m.List[0] ADD Vcpus :five, Tags :ss, Fresh :one DELETE Tags :ss");
        item.ContainsKey("Gone").Should().BeFalse();
        item["Meta"]!["M"]!["List"].ShouldBeJson("""{"L":[{"S":"x"}]}""");
        item["Vcpus"].ShouldBeJson("""{"N":"7"}""");
        item["Fresh"].ShouldBeJson("""{"N":"1"}""");
        item["Tags"].ShouldBeJson("""{"SS":["a"]}""");
    }

    [Fact]
    public void Operands_read_the_item_as_it_was_before_the_update() =>
        Update("SET Vcpus = :five, Copy = Vcpus")["Copy"].ShouldBeJson("""{"N":"2"}""");

    [Fact]
    public void Arithmetic_on_a_string_is_a_validation_error() =>
        FluentActions.Invoking(() => Update("SET Id = Id + :one")).Should().Throw<DynamoDbValidationException>();
}
