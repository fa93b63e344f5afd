using System.Text;
using BatchRuntimeMonitor.Local.Brm.Replay;
using static BatchRuntimeMonitor.Tests.Integration.EventFileReading;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// Telling a gzip file of several members from one of a single member, whatever sizes the reads come in: the exact
/// truncation check of <see cref="CheckedGzipStream"/> depends on it.
/// </summary>
public sealed class GzipMemberScanTests
{
    private static readonly int[] ReadSizes = [1, 2, 3, 7, 9, 10, 11, 17, 64, 4096];

    [Fact]
    public void A_header_anywhere_after_the_start_is_found_whatever_the_reads_and_the_first_one_is_not()
    {
        var random = new Random(7);
        foreach (var at in new[] { 0, 1, 5, 8, 9, 10, 11, 63, 64, 65, 500 })
        {
            var bytes = Noise(random, 600);
            Header().CopyTo(bytes.AsSpan(at));
            foreach (var size in ReadSizes)
            {
                Scan(bytes, size).Should().Be(at > 0, $"a header at {at}, reads of {size}");
            }
        }
    }

    [Theory]
    [InlineData(3, 0x20)]   // a reserved flag bit set
    [InlineData(8, 0x07)]   // extra flags neither 0, 2 nor 4
    [InlineData(9, 0x42)]   // no such operating system
    public void The_magic_with_a_header_no_compressor_writes_is_no_member(int index, byte value)
    {
        var bytes = Noise(new Random(3), 300);
        var header = Header();
        header[index] = value;
        header.CopyTo(bytes.AsSpan(100));

        foreach (var size in ReadSizes)
        {
            Scan(bytes, size).Should().BeFalse($"reads of {size}");
        }
    }

    [Fact]
    public void Real_gzip_files_are_told_apart_one_member_from_two_and_standard_input_reads_its_magic_first()
    {
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => $"{{\"n\":{i},\"pad\":\"{Guid.NewGuid()}\"}}\n"));
        var one = Gzip(text);
        byte[] two = [.. Gzip(text), .. Gzip("{\"a\":1}")];

        foreach (var size in ReadSizes)
        {
            Scan(one, size).Should().BeFalse($"one member, reads of {size}");
            Scan(two, size).Should().BeTrue($"two members, reads of {size}");
        }

        // `brm replay -` reads the two magic bytes first, then the rest: the file's own header is still no later member.
        var scan = new GzipMemberScan();
        scan.Observe(one.AsSpan(0, 2));
        scan.Observe(one.AsSpan(2));
        scan.FoundLaterMember.Should().BeFalse();
    }

    [Fact]
    public void A_complete_gzip_followed_by_zeros_reads_whole_without_a_damage_report()
    {
        var text = "{\"a\":1}\n";
        using var stream = new CheckedGzipStream(new MemoryStream([.. Gzip(text), .. new byte[16]]));

        new StreamReader(stream, Encoding.UTF8).ReadToEnd().Should().Be(text);
    }

    private static bool Scan(byte[] bytes, int readSize)
    {
        var scan = new GzipMemberScan();
        for (var at = 0; at < bytes.Length; at += readSize)
        {
            scan.Observe(bytes.AsSpan(at, Math.Min(readSize, bytes.Length - at)));
        }

        return scan.FoundLaterMember;
    }

    /// <summary>A member header as gzip writes it: magic, deflate, no flags, a time, no extra flags, Unix.</summary>
    private static byte[] Header() => [0x1F, 0x8B, 0x08, 0x00, 0x12, 0x34, 0x56, 0x78, 0x00, 0x03];

    /// <summary>Random bytes with no 1F anywhere, so the only header is the one planted.</summary>
    private static byte[] Noise(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        bytes.AsSpan().Replace((byte)0x1F, (byte)0x20);
        return bytes;
    }
}
