using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class IntrinsicFunctionTests
{
    private const string Input = """{"name":"ce1","n":3,"list":[1,2,2,3],"obj":{"a":1},"text":"a,b;c","flag":true,"nothing":null}""";

    private static string Eval(string expression)
    {
        var escaped = System.Text.Json.JsonSerializer.Serialize(expression);
        var result = Sfn.Run(Sfn.SinglePass($"\"Parameters\":{{\"v.$\":{escaped}}}"), Input);
        result.Status.Should().Be("SUCCEEDED", $"{result.Error}: {result.Cause}");
        return Sfn.Compact(result.Output!["v"]);
    }

    [Theory]
    [InlineData("States.Format('Hello {} #{}', $.name, $.n)", "\"Hello ce1 #3\"")]
    [InlineData("States.Format('esc \\{\\} \\' \\\\ {}', $.flag)", "\"esc {} ' \\\\ true\"")]
    [InlineData("States.Format('{}', $.nothing)", "\"null\"")]
    [InlineData("States.StringToJson('{\"a\":[1,2]}')", "{\"a\":[1,2]}")]
    [InlineData("States.JsonToString($.obj)", "\"{\\\"a\\\":1}\"")]
    [InlineData("States.Array($.name, 1, true, null, $.obj)", "[\"ce1\",1,true,null,{\"a\":1}]")]
    [InlineData("States.ArrayPartition($.list, 3)", "[[1,2,2],[3]]")]
    [InlineData("States.ArrayContains($.list, 3)", "true")]
    [InlineData("States.ArrayContains($.list, 9)", "false")]
    [InlineData("States.ArrayRange(1, 9, 3)", "[1,4,7]")]
    [InlineData("States.ArrayRange(5, 1, -2)", "[5,3,1]")]
    [InlineData("States.ArrayGetItem($.list, 3)", "3")]
    [InlineData("States.ArrayLength($.list)", "4")]
    [InlineData("States.ArrayUnique($.list)", "[1,2,3]")]
    [InlineData("States.Base64Encode('Data to encode')", "\"RGF0YSB0byBlbmNvZGU=\"")]
    [InlineData("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", "\"Data to encode\"")]
    [InlineData("States.Hash('abc', 'MD5')", "\"900150983cd24fb0d6963f7d28e17f72\"")]
    [InlineData("States.JsonMerge($.obj, States.StringToJson('{\"b\":2}'), false)", "{\"a\":1,\"b\":2}")]
    [InlineData("States.MathAdd($.n, -1)", "2")]
    [InlineData("States.StringSplit($.text, ',;')", "[\"a\",\"b\",\"c\"]")]
    [InlineData("States.ArrayLength(States.StringSplit($.text, ','))", "2")]
    [InlineData("States.Format('{}', States.ArrayGetItem(States.Array('x', 'y'), 1))", "\"y\"")]
    public void Evaluates(string expression, string expected) => Eval(expression).Should().Be(expected);

    [Fact]
    public void Hash_sha1_of_known_text()
    {
        // Independent check of the digest above, computed in the test rather than trusted from memory.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData("input data"u8.ToArray()));
        Eval("States.Hash('input data', 'SHA-1')").Should().Be($"\"{expected}\"");
    }

    [Fact]
    public void MathRandom_with_seed_is_reproducible_and_in_range()
    {
        var first = int.Parse(Eval("States.MathRandom(1, 100, 42)"), System.Globalization.CultureInfo.InvariantCulture);
        first.Should().BeInRange(1, 99);
        Eval("States.MathRandom(1, 100, 42)").Should().Be(first.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Uuid_is_a_version_4_uuid_and_seeded_runs_repeat_it()
    {
        var uuid = Eval("States.UUID()").Trim('"');
        Guid.TryParse(uuid, out _).Should().BeTrue();
        uuid[14].Should().Be('4');
        Eval("States.UUID()").Trim('"').Should().Be(uuid);
    }

    [Theory]
    [InlineData("States.ArrayGetItem($.list, 10)")]
    [InlineData("States.Format('{} {}', $.name)")]
    [InlineData("States.MathAdd($.name, 1)")]
    [InlineData("States.JsonMerge($.obj, $.obj, true)")]
    [InlineData("States.Hash('x', 'SHA-3')")]
    [InlineData("States.StringToJson('{bad')")]
    [InlineData("States.ArrayRange(1, 2000, 1)")]
    public void Bad_arguments_fail_with_IntrinsicFailure_naming_the_state(string expression)
    {
        var escaped = System.Text.Json.JsonSerializer.Serialize(expression);
        var result = Sfn.Run(Sfn.SinglePass($"\"Parameters\":{{\"v.$\":{escaped}}}"), Input);
        result.Status.Should().Be("FAILED");
        result.Error.Should().Be("States.IntrinsicFailure");
        result.Cause.Should().Contain("'P'");
    }

    [Fact]
    public void Unknown_function_is_a_definition_error()
    {
        var act = () => Sfn.Run(Sfn.SinglePass("\"Parameters\":{\"v.$\":\"States.Nope(1)\"}"));
        act.Should().Throw<BatchRuntimeMonitor.Local.StepFunctions.DefinitionException>().WithMessage("*'P'*States.Nope*");
    }
}
