using System.Text;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// What a one-pass reader of EMF lines can get wrong, each case checked for its expected result and against the
/// JsonDocument-based validator it replaced (<see cref="ReferenceEmfValidator"/>).
/// </summary>
public class EmfValidatorOnePassTests
{
    private const string Metadata = "\"_aws\":{\"Timestamp\":1700000000000,\"CloudWatchMetrics\":[{\"Namespace\":\"ns\",\"Dimensions\":[[\"JobQueue\"]],\"Metrics\":[{\"Name\":\"JobCount\",\"Unit\":\"Count\"}]}]}";

    private static IReadOnlyList<string> Validate(string line)
    {
        var errors = EmfValidator.Validate(line);
        errors.Should().Equal(ReferenceEmfValidator.Validate(line), "the one-pass validator must agree with the JsonDocument one");
        EmfValidator.Validate(Encoding.UTF8.GetBytes(line)).Should().Equal(errors, "both overloads check the same bytes");
        return errors;
    }

    [Fact]
    public void Metadata_after_the_metrics_is_read_as_before_them()
    {
        Validate($$"""{"JobQueue":"q1","JobCount":1,{{Metadata}}}""").Should().BeEmpty();
        Validate($$"""{"JobQueue":"q1",{{Metadata}},"JobCount":1}""").Should().BeEmpty();
        Validate($$"""{"JobQueue":"q1",{{Metadata}}}""").Should().ContainSingle().Which.Should().Be("CloudWatchMetrics[0]: metric 'JobCount' has no value at the root");
    }

    [Fact]
    public void The_last_of_repeated_members_counts()
    {
        Validate($$"""{{{Metadata}},"JobQueue":"","JobQueue":"q1","JobCount":"x","JobCount":1}""").Should().BeEmpty();
        Validate($$"""{{{Metadata}},"JobQueue":"q1","JobQueue":"","JobCount":1,"JobCount":"x"}""").Should().Equal(
            "CloudWatchMetrics[0].Dimensions[0]: dimension 'JobQueue' has an empty value",
            "CloudWatchMetrics[0]: metric 'JobCount' value is not a number");
        Validate($$"""{{{Metadata}},"_aws":1,"JobQueue":"q1","JobCount":1}""").Should().Equal("_aws metadata object is missing");
        Validate($$"""{"_aws":1,{{Metadata}},"JobQueue":"q1","JobCount":1}""").Should().BeEmpty();
        Validate("""{"_aws":{"Timestamp":-1,"CloudWatchMetrics":[{}],"Timestamp":1,"CloudWatchMetrics":[]}}""").Should().BeEmpty();
        Validate("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[],"Metrics":[{"Name":"A","Name":"B","Unit":"Jobs","Unit":"Count"}]}]},"B":1}""").Should().BeEmpty();
    }

    [Fact]
    public void Escaped_names_equal_their_text()
    {
        Validate($$"""{{{Metadata}},"JobQueue":"q1","Job\u0043ount":1}""").Should().BeEmpty();
        Validate("""{"\u005faws":{"Time\u0073tamp":1,"CloudWatch\u004detrics":[{"N\u0061mespace":"n\u0073","Dimensions":[["Job\u0051ueue"]],"Metrics":[{"Na\u006de":"Job\u0043ount","Unit":"C\u006funt"}]}]},"JobQueue":"q1","JobCount":1}""").Should().BeEmpty();
        Validate($$"""{{{Metadata}},"JobQueue":"\u0020\t","JobCount":1}""").Should().Equal("CloudWatchMetrics[0].Dimensions[0]: dimension 'JobQueue' has an empty value");
        Validate("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["Gr\u00f6\u00dfe"]],"Metrics":[{"Name":"\ud83d\ude00","Unit":"Jobs\/s"}]}]},"Größe":"q","😀":1}""").Should().Equal(
            "CloudWatchMetrics[0]: metric '😀' has a unit CloudWatch does not accept: Jobs/s");
    }

    [Fact]
    public void Nested_values_are_skipped_whole()
    {
        Validate($$$"""{"Extra":{"_aws":{"CloudWatchMetrics":{} } ,"JobCount":[[1],{"a":[]}]},"List":[{"JobQueue":""},[[]]],{{{Metadata}}},"JobQueue":"q1","JobCount":1,"After":{"x":{"y":[1,{"z":null}]} } }""").Should().BeEmpty();
        Validate("""{"_aws":{"Other":{"Timestamp":"x","CloudWatchMetrics":1},"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Extra":[{"Name":1}],"Dimensions":[],"Metrics":[{"Name":"M","Meta":{"Unit":"Jobs"}}]}]},"M":1}""").Should().BeEmpty();
    }

    [Fact]
    public void Dimension_values_that_are_not_strings_are_reported()
    {
        foreach (var value in new[] { "1", "true", "null", "[\"q1\"]", "{\"v\":\"q1\"}" })
        {
            Validate($$"""{{{Metadata}},"JobQueue":{{value}},"JobCount":1}""").Should().Equal("CloudWatchMetrics[0].Dimensions[0]: dimension 'JobQueue' has no string value at the root");
        }

        Validate("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[[1,"Q",null]],"Metrics":[]}]},"Q":"q"}""").Should().Equal(
            "CloudWatchMetrics[0].Dimensions[0] holds a non-string dimension name",
            "CloudWatchMetrics[0].Dimensions[0] holds a non-string dimension name");
    }

    [Theory]
    [InlineData("[1,2.5,-3,1e3]", true)]
    [InlineData("[]", true)]
    [InlineData("[1,\"2\"]", false)]
    [InlineData("[1,[2]]", false)]
    [InlineData("[1,{\"v\":2}]", false)]
    [InlineData("[1,null]", false)]
    public void Metric_values_may_be_an_array_of_numbers(string values, bool valid)
    {
        var errors = Validate($$"""{{{Metadata}},"JobQueue":"q1","JobCount":{{values}}}""");
        if (valid)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors.Should().Equal("CloudWatchMetrics[0]: metric 'JobCount' must be an array of at most 100 numbers");
        }
    }

    [Fact]
    public void An_array_of_100_values_is_the_limit()
    {
        string Values(int count) => "[" + string.Join(',', Enumerable.Range(0, count)) + "]";
        Validate($$"""{{{Metadata}},"JobQueue":"q1","JobCount":{{Values(100)}}}""").Should().BeEmpty();
        Validate($$"""{{{Metadata}},"JobQueue":"q1","JobCount":{{Values(101)}}}""").Should().Equal("CloudWatchMetrics[0]: metric 'JobCount' must be an array of at most 100 numbers");
    }

    [Fact]
    public void Metrics_that_are_dimensions_are_reported_once_each_in_order_however_many_names_there_are()
    {
        // 3 sets of 30 dimensions under 100 metrics: past the pairs the validator compares one by one (hash sets then).
        foreach (var sets in new[] { 1, 3 })
        {
            var dimensions = string.Join(',', Enumerable.Range(0, sets).Select(_ => "[" + string.Join(',', Enumerable.Range(0, 30).Select(d => $"\"D{d}\"")) + "]"));
            var metrics = string.Join(',', Enumerable.Range(0, 100).Select(m => $$"""{"Name":"{{(m % 7 == 0 ? $"D{m % 40}" : $"M{m % 50}")}}"}"""));
            var values = string.Join(',', Enumerable.Range(0, 50).Select(m => $"\"M{m}\":1").Concat(Enumerable.Range(0, 40).Select(d => $"\"D{d}\":\"v\"")));
            var line = $$"""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[{{dimensions}}],"Metrics":[{{metrics}}]}]},{{values}}}""";
            var expected = Enumerable.Range(0, 100).Where(m => m % 7 == 0 && m % 40 < 30).Select(m => $"'D{m % 40}' is both a metric and a dimension").Distinct();
            Validate(line).Where(e => e.EndsWith("is both a metric and a dimension", StringComparison.Ordinal)).Should().Equal(expected);
        }
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"_aws\":")]
    [InlineData("{\"_aws\":{\"Timestamp\":1,}}")]
    [InlineData("{\"_aws\":{\"Timestamp\":01}}")]
    [InlineData("{\"a\":\"\u0001\"}")]
    [InlineData("{\"a\":1}}")]
    [InlineData("{\"a\":1} x")]
    [InlineData("{\"a\":1}\n{\"b\":2}")]
    [InlineData("/* c */{}")]
    [InlineData("   ")]
    [InlineData("{'a':1}")]
    public void Malformed_JSON_is_reported_with_the_reader_s_message(string line)
    {
        Validate(line).Should().ContainSingle().Which.Should().StartWith("not JSON: ");
    }

    [Fact]
    public void Malformed_JSON_after_a_valid_document_reports_only_that()
    {
        Validate($$"""{{{Metadata}},"JobQueue":"","JobCount":"x",}""").Should().ContainSingle().Which.Should().StartWith("not JSON: ");
    }

    [Fact]
    public void Nesting_deeper_than_64_levels_is_not_JSON_for_the_reader()
    {
        var deep = new string('[', 64) + new string(']', 64);
        Validate($$"""{{{Metadata}},"JobQueue":"q1","JobCount":1,"Deep":{{deep}}}""").Should().ContainSingle().Which.Should().Contain("maximum configured depth of 64");
    }

    [Fact]
    public void Units_timestamps_and_resolutions_are_read_as_before()
    {
        string Line(string unit, string timestamp, string resolution) =>
            $$"""{"_aws":{"Timestamp":{{timestamp}},"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[],"Metrics":[{"Name":"M","Unit":{{unit}},"StorageResolution":{{resolution}}}]}]},"M":1}""";

        Validate(Line("\"Bytes/Second\"", "0", "60")).Should().BeEmpty();
        Validate(Line("{ \"u\" : 1 }", "1.5", "1.0")).Should().Equal(
            "_aws.Timestamp must be a non-negative integer of epoch milliseconds",
            "CloudWatchMetrics[0]: metric 'M' has a unit CloudWatch does not accept: { \"u\" : 1 }",
            "CloudWatchMetrics[0]: metric 'M' StorageResolution must be 1 or 60");
        Validate(Line("true", "-1", "5")).Should().Contain("CloudWatchMetrics[0]: metric 'M' has a unit CloudWatch does not accept: True");
        Validate(Line("null", "1e3", "1")).Should().Contain("CloudWatchMetrics[0]: metric 'M' has a unit CloudWatch does not accept: ");
        Validate(Line("12.50", "99999999999999999999", "60")).Should().Contain("CloudWatchMetrics[0]: metric 'M' has a unit CloudWatch does not accept: 12.50");
    }

    /// <summary>
    /// The JsonDocument-based validator threw InvalidOperationException (from JsonElement.TryGetInt32) on a
    /// StorageResolution that is not a number, which would stop a replay; it is now a violation like any other value.
    /// </summary>
    [Theory]
    [InlineData("\"60\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[60]")]
    public void A_StorageResolution_that_is_not_a_number_is_reported_not_thrown(string resolution)
    {
        var line = $$"""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[],"Metrics":[{"Name":"M","StorageResolution":{{resolution}}}]}]},"M":1}""";
        EmfValidator.Validate(line).Should().Equal("CloudWatchMetrics[0]: metric 'M' StorageResolution must be 1 or 60");
    }

    /// <summary>
    /// The JsonDocument-based validator threw InvalidOperationException when it decoded a string that was not text,
    /// which failed the batch writing the line; CloudWatch Logs takes UTF-8 only, so it is a violation instead.
    /// </summary>
    [Theory]
    [InlineData("in a dimension value", "\"JobQueue\":\"q\u00FF1\",\"JobCount\":1")]
    [InlineData("in a member no rule reads", "\"JobQueue\":\"q1\",\"JobCount\":1,\"Note\":\"\u00C3(\"")]
    [InlineData("an escaped lone surrogate in a dimension value", "\"JobQueue\":\"q\\ud800\",\"JobCount\":1")]
    public void A_line_that_is_not_text_is_reported_not_thrown(string where, string members)
    {
        var line = Latin1Bytes($$"""{{{Metadata}},{{members}}}""");
        EmfValidator.Validate(line).Should().Equal([EmfValidator.UnreadableText], where);
    }

    [Fact]
    public void A_line_that_is_not_text_keeps_its_size_violation_and_is_not_json_first()
    {
        var padding = new string('x', 1024 * 1024);
        var tooLarge = Latin1Bytes($$"""{{{Metadata}},"JobQueue":"q\ud800","Pad":"{{padding}}","JobCount":1}""");
        EmfValidator.Validate(tooLarge).Should().Equal(
            $"document is larger than a CloudWatch Logs event ({EmfLimits.MaxLogEventBytes} bytes)", EmfValidator.UnreadableText);

        EmfValidator.Validate(Latin1Bytes("{\"JobQueue\":\"q\u00FF\",")).Should().ContainSingle().Which.Should().StartWith("not JSON");
    }

    /// <summary>The string's characters as bytes one for one, so a test can write any byte (\u00FF as 0xFF) into a line.</summary>
    private static byte[] Latin1Bytes(string text) => Encoding.Latin1.GetBytes(text);

    [Fact]
    public void A_valid_line_allocates_nothing()
    {
        var line = Encoding.UTF8.GetBytes($$"""{{{Metadata}},"JobQueue":"q1","JobCount":[1,2],"JobId":"j"}""");
        EmfValidator.Validate(line).Should().BeEmpty(); // the first call on a thread makes its reusable lists
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            EmfValidator.Validate(line);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
