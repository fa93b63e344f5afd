using System.Text;
using System.Text.Json;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Tests.Core;

public class RepeatedStringConverterTests
{
    private static string Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return RepeatedStringConverter.ReadString(ref reader);
    }

    [Fact]
    public void A_value_read_twice_is_the_same_instance()
    {
        var arn = $"arn:aws:batch:us-east-1:123456789012:job-queue/{Guid.NewGuid()}";
        var first = Read($"\"{arn}\"");
        var second = Read($"\"{arn}\"");

        first.Should().Be(arn);
        second.Should().BeSameAs(first);
    }

    [Theory]
    [InlineData("\"caf\\u00e9 \\\"quoted\\\"\"", "café \"quoted\"")]
    [InlineData("\"zone-\u00e9\"", "zone-é")]
    [InlineData("\"\"", "")]
    public void Escaped_non_ascii_and_empty_values_read_as_written(string json, string expected)
    {
        Read(json).Should().Be(expected);
        Read(json).Should().Be(expected);
    }

    [Fact]
    public void Many_more_distinct_values_than_slots_all_read_back_exactly()
    {
        // Collisions in the direct-mapped table must only cost a miss, never return another value.
        var values = Enumerable.Range(0, 20_000).Select(i => $"task/{i:x8}-{Guid.NewGuid():N}").ToList();
        foreach (var value in values.Concat(values))
        {
            Read($"\"{value}\"").Should().Be(value);
        }
    }

    [Fact]
    public void Values_of_the_same_length_and_hash_neighbourhood_are_told_apart()
    {
        Read("\"RUNNING\"").Should().Be("RUNNING");
        Read("\"RUNNINH\"").Should().Be("RUNNINH");
        Read("\"RUNNING\"").Should().Be("RUNNING");
    }

    [Fact]
    public void A_pipeline_record_keeps_every_string_it_carries()
    {
        var json = """{"schema":1,"kind":"JobStateChange","event":{"id":"e-1","region":"us-east-1","detail":{"jobId":"j-1","jobQueue":"arn:q","status":"RUNNING","statusReason":"caf\u00e9"}}}""";
        var record = JsonSerializer.Deserialize(json, PipelineJsonContext.Default.PipelineRecordBatchJobDetail)!;
        record.Event!.Region.Should().Be("us-east-1");
        record.Event.Detail!.JobId.Should().Be("j-1");
        record.Event.Detail.StatusReason.Should().Be("café");
        var again = JsonSerializer.Deserialize(json, PipelineJsonContext.Default.PipelineRecordBatchJobDetail)!;
        again.Event!.Detail!.JobQueue.Should().BeSameAs(record.Event.Detail.JobQueue);
    }

    [Fact]
    public void A_number_where_a_string_belongs_is_an_error()
    {
        var act = () => JsonSerializer.Deserialize("""{"schema":1,"kind":"JobStateChange","event":{"id":5}}""", PipelineJsonContext.Default.PipelineRecordBatchJobDetail);
        act.Should().Throw<JsonException>();
    }
}
