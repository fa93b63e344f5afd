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

    /// <summary>A stream whose reads return at most a few bytes, as a decompressing or network stream may.</summary>
    private sealed class TrickleStream(byte[] bytes, int maxBytesPerRead) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxBytesPerRead));
    }
}
