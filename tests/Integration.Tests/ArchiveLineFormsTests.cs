using System.Text;
using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// The two line forms an archive adds to JSON Lines: values one after the other (<see cref="ConcatenatedJson"/>) and
/// a CloudWatch Logs export's "time message" (<see cref="CloudWatchLogsExportLine"/>), with what each must refuse.
/// </summary>
public sealed class ArchiveLineFormsTests
{
    [Theory]
    [InlineData("{\"a\":1}{\"b\":[2]}", new[] { "{\"a\":1}", "{\"b\":[2]}" })]
    [InlineData(" {\"a\":1}\t [1,2] \r\n{} ", new[] { "{\"a\":1}", "[1,2]", "{}" })]
    [InlineData("[]{\"s\":\"}{\"}", new[] { "[]", "{\"s\":\"}{\"}" })]
    public void Values_one_after_the_other_are_split_at_their_own_ends(string text, string[] values)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var ranges = new List<Range>();

        ConcatenatedJson.TrySplit(bytes, ranges, out var broken).Should().BeTrue();

        broken.Should().BeNull();
        ranges.Select(range => Encoding.UTF8.GetString(bytes[range])).Should().Equal(values);
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("{\"a\":1}}")]
    [InlineData("{\"a\":1} x")]
    [InlineData("\"text\" 5")]
    [InlineData("{\"a\": broken}{\"b\":2}")]
    [InlineData("")]
    public void One_value_or_a_first_value_not_followed_by_another_object_or_array_is_no_concatenation(string text)
    {
        ConcatenatedJson.TrySplit(Encoding.UTF8.GetBytes(text), [], out var broken).Should().BeFalse();
        broken.Should().BeNull();
    }

    [Fact]
    public void A_broken_value_keeps_the_values_before_it_and_says_where_it_starts()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":1} {\"b\":2}  {\"c\": nope}{\"d\":4}");
        var ranges = new List<Range>();

        ConcatenatedJson.TrySplit(bytes, ranges, out var broken).Should().BeTrue();

        ranges.Should().HaveCount(2);
        broken.Should().NotBeNull();
        broken!.Value.Value.Should().Be(3);
        broken.Value.Offset.Should().Be(Encoding.UTF8.GetString(bytes).IndexOf("{\"c\"", StringComparison.Ordinal));
        broken.Value.Message.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("2026-12-06T10:00:00.000Z {\"a\":1}", 25)]
    [InlineData("2026-12-06T10:00:00Z\t{\"a\":1}", 21)]
    [InlineData("2026-12-06T10:00:00.123456+05:30 x", 33)]
    public void An_export_line_message_starts_after_its_time(string line, int start)
    {
        CloudWatchLogsExportLine.TryFindMessage(Encoding.UTF8.GetBytes(line), out var messageStart).Should().BeTrue();
        messageStart.Should().Be(start);
    }

    [Theory]
    [InlineData("{\"time\":\"2026-12-06T10:00:00Z\"}")]
    [InlineData("2026-12-06 10:00:00 {\"a\":1}")]
    [InlineData("2026-13-06T10:00:00.000Z {\"a\":1}")]
    [InlineData("20261206T100000000000Z {\"a\":1}")]
    [InlineData("12345678901234567890123 {\"a\":1}")]
    [InlineData("2026-12-06T10:00:00.000Z")]
    [InlineData("5")]
    [InlineData("")]
    public void Anything_else_is_no_export_line(string line)
    {
        CloudWatchLogsExportLine.TryFindMessage(Encoding.UTF8.GetBytes(line), out _).Should().BeFalse();
    }
}
