using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>jobs.jsonl and instances.jsonl are written from the serializer's UTF-8: the bytes must be those the string path wrote.</summary>
public sealed class JsonLinesFileTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-jsonl-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void The_lines_are_byte_for_byte_those_of_StreamWriter_WriteLine_of_the_serialized_string()
    {
        // Enough lines to be written out in several chunks, with text the encoder escapes (quotes, <, +, non-ASCII).
        var lines = Enumerable.Range(0, 3_000).Select(i => new JobInsight
        {
            JobId = $"job-{i}",
            JobName = i % 3 == 0 ? "Zürich <\"quoted\"> + more" : $"name-{i}",
            StatusReason = i % 5 == 0 ? "tab\there, line\nbreak, emoji \ud83d\ude80" : null,
            RunningSeconds = i / 7.0,
        }).ToList();

        var written = Path.Combine(_work, "new.jsonl");
        using (var file = new JsonLinesFile(written, CoreJsonContext.Default.Options))
        {
            foreach (var line in lines)
            {
                file.Write(line, CoreJsonContext.Default.JobInsight);
            }
        }

        var expected = Path.Combine(_work, "old.jsonl");
        using (var writer = new StreamWriter(expected))
        {
            foreach (var line in lines)
            {
                writer.WriteLine(JsonSerializer.Serialize(line, CoreJsonContext.Default.JobInsight));
            }
        }

        new FileInfo(written).Length.Should().BeGreaterThan(1 << 17);
        File.ReadAllBytes(written).Should().Equal(File.ReadAllBytes(expected));
    }

    [Fact]
    public void Indented_options_are_kept()
    {
        var options = new JsonSerializerOptions { WriteIndented = true, IndentSize = 3, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var typeInfo = (JsonTypeInfo<Dictionary<string, int[]>>)options.GetTypeInfo(typeof(Dictionary<string, int[]>));
        var value = new Dictionary<string, int[]> { ["a"] = [1, 2], ["b"] = [] };
        var path = Path.Combine(_work, "indented.jsonl");

        using (var file = new JsonLinesFile(path, options))
        {
            file.Write(value, typeInfo);
            file.Write(value, typeInfo);
        }

        var one = JsonSerializer.Serialize(value, typeInfo) + Environment.NewLine;
        Encoding.UTF8.GetString(File.ReadAllBytes(path)).Should().Be(one + one);
    }
}
