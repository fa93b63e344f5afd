using System.Buffers;
using System.Text;
using System.Text.Json;
using BatchRuntimeMonitor.Core.Emf;
using FluentAssertions;
using Xunit;

namespace BatchRuntimeMonitor.Tests.Core;

public sealed class EmfWriterValueTests
{
    // Whole values are written as integers: the text must be what the writer's double formatting gives, on both
    // sides of where that formatting turns to exponent notation, and for the values the integer path must not take.
    [Theory]
    [InlineData("0.0")]
    [InlineData("-0.0")]
    [InlineData("1.0")]
    [InlineData("-3.0")]
    [InlineData("42.0")]
    [InlineData("0.5")]
    [InlineData("123.456")]
    [InlineData("-0.001")]
    [InlineData("99999999999999.0")]
    [InlineData("999999999999999.0")]
    [InlineData("-999999999999999.0")]
    [InlineData("1e15")]
    [InlineData("-1e15")]
    [InlineData("1e16")]
    [InlineData("9007199254740993.0")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("4.9406564584124654E-324")]
    public void A_metric_value_is_written_as_the_double_formatting_writes_it(string text)
    {
        // As text: xUnit takes 0.0 and -0.0 for the same data.
        var value = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var document = new EmfDocumentBuilder("AWSBatchMetrics", 1_700_000_000_000)
            .Dimension("JobQueue", "q")
            .Metric("Value", "None", value, [["JobQueue"]])
            .Build()
            .Single();

        var line = EmfWriter.ToJson(document);

        line.Should().EndWith($",\"JobQueue\":\"q\",\"Value\":{AsDouble(value)}}}");
    }

    private static string AsDouble(double value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteNumberValue(value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
