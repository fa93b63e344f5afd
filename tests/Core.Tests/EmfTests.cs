using System.Text.Json;
using BatchRuntimeMonitor.Core.Emf;

namespace BatchRuntimeMonitor.Tests.Core;

public class EmfTests
{
    private const long EventTime = 1_700_000_000_123;

    private static JsonElement Parse(EmfDocument document) => JsonDocument.Parse(EmfWriter.ToJson(document)).RootElement.Clone();

    [Fact]
    public void Document_follows_the_specification_field_by_field()
    {
        var documents = new EmfDocumentBuilder("AWSBatchMetrics", EventTime)
            .Dimension("JobQueue", "q1")
            .Dimension("InstanceType", "m5.large")
            .Property("JobId", "job-1")
            .Metric("RUNNING", "Count", 1, [["JobQueue"], ["InstanceType"]])
            .Metric("RunnableSeconds", "Seconds", 12.5, [["JobQueue"]])
            .Build();

        var document = documents.Should().ContainSingle().Subject;
        var line = EmfWriter.ToJson(document);
        EmfValidator.Validate(line).Should().BeEmpty();
        line.Should().NotContain("\n");

        var root = Parse(document);
        root.GetProperty("_aws").GetProperty("Timestamp").GetInt64().Should().Be(EventTime, "the event's time, never the clock");
        var directives = root.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray().ToList();
        directives.Should().HaveCount(2);
        directives.Should().OnlyContain(d => d.GetProperty("Namespace").GetString() == "AWSBatchMetrics");
        var running = directives.Single(d => d.GetProperty("Metrics")[0].GetProperty("Name").GetString() == "RUNNING");
        running.GetProperty("Dimensions").EnumerateArray().Select(s => string.Join(',', s.EnumerateArray().Select(x => x.GetString()))).Should().Equal("JobQueue", "InstanceType");
        running.GetProperty("Metrics")[0].GetProperty("Unit").GetString().Should().Be("Count");
        var runnable = directives.Single(d => d.GetProperty("Metrics")[0].GetProperty("Name").GetString() == "RunnableSeconds");
        runnable.GetProperty("Metrics")[0].GetProperty("Unit").GetString().Should().Be("Seconds");
        root.GetProperty("JobQueue").GetString().Should().Be("q1");
        root.GetProperty("InstanceType").GetString().Should().Be("m5.large");
        root.GetProperty("RUNNING").GetDouble().Should().Be(1);
        root.GetProperty("RunnableSeconds").GetDouble().Should().Be(12.5);
        root.GetProperty("JobId").GetString().Should().Be("job-1");
    }

    [Fact]
    public void A_dimension_set_with_an_unknown_value_is_dropped_and_a_metric_with_no_known_set_is_not_written()
    {
        var documents = new EmfDocumentBuilder("ns", EventTime)
            .Dimension("JobQueue", "q1")
            .Dimension("InstanceType", null)
            .Dimension("AvailabilityZone", "")
            .Metric("STARTING", "Count", 1, [["JobQueue"], ["InstanceType"], ["AvailabilityZone"]])
            .Metric("RunningSeconds", "Seconds", 3, [["InstanceType"]])
            .Build();

        var root = Parse(documents.Should().ContainSingle().Subject);
        var directive = root.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray().Should().ContainSingle().Subject;
        directive.GetProperty("Dimensions").GetArrayLength().Should().Be(1);
        directive.GetProperty("Dimensions")[0][0].GetString().Should().Be("JobQueue");
        root.TryGetProperty("RunningSeconds", out _).Should().BeFalse();
        root.TryGetProperty("InstanceType", out _).Should().BeFalse();
        root.TryGetProperty("AvailabilityZone", out _).Should().BeFalse();
    }

    [Fact]
    public void Nothing_is_written_when_no_metric_has_a_known_set()
    {
        new EmfDocumentBuilder("ns", EventTime).Dimension("JobQueue", null).Metric("RUNNING", "Count", 1, [["JobQueue"]]).Build().Should().BeEmpty();
    }

    [Fact]
    public void More_than_100_metrics_are_split_into_several_valid_documents_with_the_same_members()
    {
        var builder = new EmfDocumentBuilder("ns", EventTime).Dimension("JobQueue", "q1").Property("JobId", "j");
        for (var i = 0; i < 250; i++)
        {
            builder.Metric($"M{i:000}", "Count", i, [["JobQueue"]]);
        }

        var documents = builder.Build();
        documents.Should().HaveCount(3);
        documents.Select(d => d.MetricCount).Should().Equal(100, 100, 50);
        var names = new List<string>();
        foreach (var document in documents)
        {
            var line = EmfWriter.ToJson(document);
            EmfValidator.Validate(line).Should().BeEmpty();
            var root = JsonDocument.Parse(line).RootElement;
            root.GetProperty("JobQueue").GetString().Should().Be("q1");
            root.GetProperty("JobId").GetString().Should().Be("j");
            root.GetProperty("_aws").GetProperty("Timestamp").GetInt64().Should().Be(EventTime);
            foreach (var metric in root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray())
            {
                var name = metric.GetProperty("Name").GetString()!;
                names.Add(name);
                root.GetProperty(name).GetDouble().Should().Be(int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        names.Should().OnlyHaveUniqueItems().And.HaveCount(250);
    }

    [Fact]
    public void Metrics_are_grouped_into_one_directive_per_distinct_dimension_sets()
    {
        var document = new EmfDocumentBuilder("ns", EventTime).Dimension("JobQueue", "q")
            .Metric("A", "Count", 1, [["JobQueue"]])
            .Metric("B", "Count", 1, [["JobQueue"]])
            .Build().Single();
        document.Directives.Should().ContainSingle().Which.Metrics.Select(m => m.Name).Should().Equal("A", "B");
    }

    private const string Valid = """{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["JobQueue"]],"Metrics":[{"Name":"RUNNING","Unit":"Count"}]}]},"JobQueue":"q1","RUNNING":1}""";

    [Fact]
    public void Validator_accepts_a_hand_written_valid_document() => EmfValidator.Validate(Valid).Should().BeEmpty();

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("""{"_aws":{}} {"second":1}""", "not JSON")]
    [InlineData("", "not JSON")]
    [InlineData("[1]", "root is not an object")]
    [InlineData("""{"JobQueue":"q1"}""", "_aws metadata")]
    [InlineData("""{"_aws":{"Timestamp":"2024-01-01","CloudWatchMetrics":[]}}""", "Timestamp")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":{}}}""", "CloudWatchMetrics must be an array")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Dimensions":[["JobQueue"]],"Metrics":[{"Name":"RUNNING","Unit":"Count"}]}]},"JobQueue":"q1","RUNNING":1}""", "Namespace")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["JobQueue"]],"Metrics":[{"Name":"RUNNING","Unit":"Count"}]}]},"JobQueue":"","RUNNING":1}""", "empty value")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["JobQueue"]],"Metrics":[{"Name":"RUNNING","Unit":"Count"}]}]},"RUNNING":1}""", "no string value at the root")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["JobQueue"]],"Metrics":[{"Name":"RUNNING","Unit":"Count"}]}]},"JobQueue":"q1"}""", "has no value at the root")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["JobQueue"]],"Metrics":[{"Name":"RUNNING","Unit":"Count"}]}]},"JobQueue":"q1","RUNNING":"1"}""", "not a number")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["JobQueue"]],"Metrics":[{"Name":"RUNNING","Unit":"Jobs"}]}]},"JobQueue":"q1","RUNNING":1}""", "unit CloudWatch does not accept")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["JobQueue"]],"Metrics":[{"Name":"JobQueue","Unit":"Count"}]}]},"JobQueue":"q1"}""", "both a metric and a dimension")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["JobQueue"]],"Metrics":[{"Unit":"Count"}]}]},"JobQueue":"q1"}""", "without a valid Name")]
    [InlineData("""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["JobQueue"]],"Metrics":[{"Name":"R","Unit":"Count","StorageResolution":5}]}]},"JobQueue":"q1","R":1}""", "StorageResolution")]
    public void Validator_rejects_a_hand_written_bad_document(string line, string expectedError) =>
        EmfValidator.Validate(line).Should().Contain(e => e.Contains(expectedError, StringComparison.Ordinal));

    [Fact]
    public void Validator_rejects_a_dimension_set_of_more_than_30_dimensions()
    {
        var names = Enumerable.Range(0, 31).Select(i => $"D{i}").ToList();
        var root = new System.Text.Json.Nodes.JsonObject
        {
            ["_aws"] = new System.Text.Json.Nodes.JsonObject
            {
                ["Timestamp"] = 1,
                ["CloudWatchMetrics"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                {
                    ["Namespace"] = "ns",
                    ["Dimensions"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonArray(names.Select(n => (System.Text.Json.Nodes.JsonNode)n).ToArray())),
                    ["Metrics"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["Name"] = "M", ["Unit"] = "Count" }),
                }),
            },
            ["M"] = 1,
        };
        foreach (var name in names)
        {
            root[name] = "v";
        }

        EmfValidator.Validate(root.ToJsonString()).Should().ContainSingle().Which.Should().Contain("31 dimensions");
        names.RemoveAt(30);
        root.Remove("D30");
        ((System.Text.Json.Nodes.JsonArray)root["_aws"]!["CloudWatchMetrics"]![0]!["Dimensions"]![0]!).RemoveAt(30);
        EmfValidator.Validate(root.ToJsonString()).Should().BeEmpty("30 dimensions is the limit, not over it");
    }

    [Fact]
    public void Validator_rejects_more_than_100_metrics_in_one_document()
    {
        var metrics = string.Join(',', Enumerable.Range(0, 101).Select(i => $$"""{"Name":"M{{i}}","Unit":"Count"}"""));
        var values = string.Join(',', Enumerable.Range(0, 101).Select(i => $"\"M{i}\":1"));
        var line = $$"""{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"ns","Dimensions":[["Q"]],"Metrics":[{{metrics}}]}]},"Q":"q",{{values}}}""";
        EmfValidator.Validate(line).Should().ContainSingle().Which.Should().Contain("101 metrics");
    }

    [Fact]
    public void Validator_rejects_a_document_larger_than_a_log_event()
    {
        var line = Valid[..^1] + ",\"Big\":\"" + new string('x', 300 * 1024) + "\"}";
        EmfValidator.Validate(line).Should().Contain(e => e.Contains("larger than a CloudWatch Logs event", StringComparison.Ordinal));
    }
}
