using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Tests.Core;

public class PipelineRecordReaderTests
{
    [Theory]
    [InlineData("null", "JSON null")]
    [InlineData("[1]", "not an object")]
    [InlineData("{\"schema\":1,\"kind\":\"JobStateChange\",\"event\":{}} trailing", "not a PipelineRecord")]
    [InlineData("{\"schema\":\"1\",\"kind\":\"JobStateChange\",\"event\":{}}", "schema (not an integer) is not supported")]
    [InlineData("{\"kind\":\"JobStateChange\",\"event\":{}}", "schema (missing) is not supported")]
    [InlineData("{\"schema\":1,\"kind\":7,\"event\":{}}", "unknown kind 'Number'")]
    [InlineData("{\"schema\":1,\"kind\":\"JobStateChange\",\"event\":\"{}\"}", "no event object")]
    public void A_bad_envelope_is_rejected_saying_what_is_wrong(string body, string reason)
    {
        var act = () => PipelineRecordReader.Parse(body);
        act.Should().Throw<RecordRejectedException>().Which.Message.Should().Contain(reason);
    }

    [Fact]
    public void Member_order_does_not_matter_and_the_typed_read_sees_the_whole_record()
    {
        var body = """{"event":{"id":"e-1","detail":{"jobId":"j-1","status":"RUNNING"}},"join":{"containerInstanceArn":"arn:ci","found":true,"item":{"ContainerInstanceArn":{"S":"arn:ci"},"InstanceType":{"S":"m5.large"},"RegisteredAt":{"N":"1700000000000"}}},"kind":"JobStateChange","schema":1}""";

        var message = PipelineRecordReader.Parse(body);
        var record = message.Read(PipelineJsonContext.Default.PipelineRecordBatchJobDetail);

        message.Kind.Should().BeSameAs(RecordKind.JobStateChange);
        record.Event!.Detail!.JobId.Should().Be("j-1");
        record.Join!.Item!.InstanceType.Should().Be("m5.large");
        record.Join.Item.RegisteredAt.Should().Be(1_700_000_000_000);
    }

    [Fact]
    public void An_event_without_detail_is_rejected_when_read()
    {
        var message = PipelineRecordReader.Parse("""{"schema":1,"kind":"JobStateChange","event":{"id":"e-1"}}""");
        var act = () => message.Read(PipelineJsonContext.Default.PipelineRecordBatchJobDetail);
        act.Should().Throw<RecordRejectedException>().WithMessage("*has no detail*");
    }

    [Fact]
    public void A_join_item_that_is_not_an_object_reads_as_no_instance()
    {
        var message = PipelineRecordReader.Parse("""{"schema":1,"kind":"JobStateChange","event":{"detail":{"jobId":"j"}},"join":{"found":true,"item":"oops"}}""");
        message.Read(PipelineJsonContext.Default.PipelineRecordBatchJobDetail).Join!.Item.Should().BeNull();
    }
}
