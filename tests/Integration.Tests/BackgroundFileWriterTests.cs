using System.Text;
using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// emf.jsonl and insights.jsonl are written on threads of their own: the file must hold every byte in the order
/// written, whatever the sizes of the writes, and a disk error must still fail the replay.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BackgroundFileWriterTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-writer-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Every_line_reaches_the_file_in_order_across_buffer_boundaries()
    {
        var path = Path.Combine(_work, "lines.jsonl");
        var expected = new MemoryStream();
        using (var writer = new BackgroundFileWriter(path))
        {
            for (var i = 0; i < 40_000; i++)
            {
                // Lines of varied lengths, and now and then one larger than a whole buffer (256 KB).
                var line = Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string((char)('a' + (i % 26)), i % 997 == 0 ? 300_000 : i % 211)}\"}}\n");
                writer.Write(line);
                expected.Write(line);
            }
        }

        File.ReadAllBytes(path).Should().Equal(expected.ToArray());
    }

    [Fact]
    public void Nothing_written_gives_an_empty_file()
    {
        var path = Path.Combine(_work, "empty.jsonl");

        new BackgroundFileWriter(path).Dispose();

        File.ReadAllBytes(path).Should().BeEmpty();
    }

    [Fact]
    public void A_full_disk_fails_the_writer_instead_of_losing_lines()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // Linux's always-full device: the one portable way to make a write fail
        }

        var write = () =>
        {
            using var writer = new BackgroundFileWriter("/dev/full");
            writer.Write(new byte[1 << 20]);
        };

        write.Should().Throw<IOException>().WithMessage("*space*", "the disk error itself reaches the replay");
    }
}
