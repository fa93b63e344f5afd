using System.Text;
using BatchRuntimeMonitor.Local.Brm.Replay;
using FluentAssertions;
using Xunit;

namespace BatchRuntimeMonitor.Tests.Integration;

public sealed class Utf8LineReaderTests
{
    [Fact]
    public void Lines_end_at_LF_or_CRLF_and_the_last_line_needs_no_newline()
    {
        Lines("a\nb\r\n\nlast").Should().Equal("a", "b", "", "last");
    }

    [Fact]
    public void A_final_newline_does_not_make_an_extra_empty_line()
    {
        Lines("one\ntwo\n").Should().Equal("one", "two");
        Lines("").Should().BeEmpty();
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_not_part_of_the_first_line()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"é\":1}\n")).ToArray();
        Lines(bytes).Should().Equal("{\"é\":1}");
    }

    [Fact]
    public void Lines_longer_than_the_buffer_and_reads_that_return_few_bytes_come_out_whole()
    {
        var longLine = new string('x', 300_000);
        var text = $"short\n{longLine}\r\nafter";

        Lines(Encoding.UTF8.GetBytes(text), maxBytesPerRead: 7).Should().Equal("short", longLine, "after");
    }

    [Fact]
    public void Peek_skips_white_space_and_consumes_nothing()
    {
        using var reader = new Utf8LineReader(new MemoryStream(Encoding.UTF8.GetBytes(" \r\n\t[1]\n")));

        reader.PeekNonWhiteSpace().Should().Be('[');
        Encoding.UTF8.GetString(reader.ReadToEnd()).Should().Be(" \r\n\t[1]\n");
        reader.TryReadLine(out _).Should().BeFalse();
        reader.PeekNonWhiteSpace().Should().Be(-1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void A_line_across_the_end_of_a_read_comes_out_whole_wherever_the_read_ends(int shift)
    {
        // The first line fills the first read but for a few bytes: the second line, or its "\r\n", is cut by it.
        var first = new string('a', Utf8LineReader.ReadSize - 10 + shift);
        var second = "{\"é\":\"second line\"}";
        var text = $"{first}\r\n{second}\r\nthird\n";

        Lines(text).Should().Equal(first, second, "third");
    }

    [Fact]
    public void Lines_longer_than_several_reads_come_out_whole_between_short_ones()
    {
        var veryLong = new string('x', (Utf8LineReader.ReadSize * 4) + 123);
        var longer = new string('y', (Utf8LineReader.ReadSize * 9) + 7);
        var text = $"a\n{veryLong}\nb\r\n{longer}\r\nc";

        Lines(text).Should().Equal("a", veryLong, "b", longer, "c");
    }

    [Fact]
    public void Many_reads_of_lines_give_the_lines_a_plain_split_gives()
    {
        // Lines of every length up to a few KB, a few MB in all: every read ends somewhere in a line.
        var random = new Random(7);
        var expected = Enumerable.Range(0, 3_000).Select(i => $"{i}:" + new string((char)('a' + (i % 26)), random.Next(0, 3_000))).ToList();
        var text = string.Join("\n", expected) + "\n";

        Lines(text).Should().Equal(expected);
        Lines(Encoding.UTF8.GetBytes(text), maxBytesPerRead: 100_003).Should().Equal(expected);
    }

    [Fact]
    public void A_read_that_returns_less_than_asked_for_is_followed_by_another()
    {
        var longLine = new string('z', Utf8LineReader.ReadSize + 1);

        Lines(Encoding.UTF8.GetBytes($"{longLine}\nend"), maxBytesPerRead: Utf8LineReader.ReadSize - 1).Should().Equal(longLine, "end");
    }

    [Fact]
    public void The_stream_is_asked_for_a_whole_read_size_at_a_time()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n"));
        var stream = new RecordingStream(Encoding.UTF8.GetBytes(text));
        using var reader = new Utf8LineReader(stream);
        var count = 0;
        while (reader.TryReadLine(out _))
        {
            count++;
        }

        count.Should().Be(20_000);
        // Each read asks for all the room left behind the part line carried over, which is never more than a line.
        stream.Requested.Should().OnlyContain(requested => requested > Utf8LineReader.ReadSize - 16);
    }

    private static List<string> Lines(string text) => Lines(Encoding.UTF8.GetBytes(text));

    private static List<string> Lines(byte[] bytes, int maxBytesPerRead = int.MaxValue)
    {
        using var reader = new Utf8LineReader(new TrickleStream(bytes, maxBytesPerRead));
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        return lines;
    }

    /// <summary>A stream that records how many bytes each read asked for.</summary>
    private sealed class RecordingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public List<int> Requested { get; } = [];

        public override int Read(byte[] buffer, int offset, int count)
        {
            Requested.Add(count);
            return base.Read(buffer, offset, count);
        }
    }

    /// <summary>A stream whose reads return at most a few bytes, as a decompressing or network stream may.</summary>
    private sealed class TrickleStream(byte[] bytes, int maxBytesPerRead) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxBytesPerRead));
    }
}
