using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>What the input tests share: a read that collects the reports, the shared Batch samples as lines, gzip.</summary>
public static class EventFileReading
{
    /// <summary>Every event read from <paramref name="path"/> (a file or a folder) and every report made on the way.</summary>
    public static (List<InputEvent> Events, List<MalformedInput> Malformed) Read(string path)
    {
        var malformed = new List<MalformedInput>();
        var events = new EventFileReader(malformed.Add).Read([path]).ToList();
        return (events, malformed);
    }

    /// <summary>The shared Batch samples as compact JSON.</summary>
    public static IEnumerable<string> BatchSamples() =>
        SharedEvents.AllFiles()
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}batch-job{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.ToJsonString());

    /// <summary><paramref name="text"/> as one gzip member.</summary>
    public static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
