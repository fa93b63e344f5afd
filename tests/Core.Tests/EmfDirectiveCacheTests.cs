using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Metrics;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// EmfWriter copies a document's "CloudWatchMetrics" array from a cache keyed by the strings it was written from.
/// Every line must be the one the writer wrote member by member before the cache (the oracle below, its code as it
/// was): repeated documents, the same names in other string instances, names that need escaping, more distinct
/// arrays than the cache has slots, and writers whose options the cache was not written with.
/// </summary>
public class EmfDirectiveCacheTests
{
    private static readonly string[] Names = ["JobQueue", "InstanceType", "AvailabilityZone", "Größe", "a\"b", "<tag>", "", "Reason"];
    private static readonly string[] Units = ["Count", "Seconds", "Percent", "Bytes/Second"];

    [Fact]
    public void Catalog_documents_written_again_and_again_are_the_lines_written_member_by_member()
    {
        var documents = MetricCatalog.All.Select(definition => Document("AWSBatchMetrics", [(definition.Emf, definition.DimensionSets)])).ToList();
        for (var round = 0; round < 3; round++)
        {
            foreach (var document in documents)
            {
                Line(document).Should().Be(Oracle(document));
            }
        }
    }

    [Fact]
    public void The_same_names_held_in_other_strings_give_the_same_line()
    {
        var definition = MetricCatalog.Get(MetricCatalog.RunningSeconds);
        var shared = Document(MetricCatalog.DefaultNamespace, [(definition.Emf, definition.DimensionSets)]);
        var copied = Document(
            Copy(MetricCatalog.DefaultNamespace),
            [(new EmfMetric(Copy(definition.Name), Copy(definition.Unit)), definition.DimensionSets.Select(set => set.Select(Copy).ToArray()).ToList())]);

        var first = Line(shared);
        Line(copied).Should().Be(first).And.Be(Oracle(copied));
        Line(shared).Should().Be(first);
    }

    [Fact]
    public void Random_documents_over_more_shapes_than_slots_are_the_lines_written_member_by_member()
    {
        var random = new Random(20261120);
        var setPool = Enumerable.Range(0, 40).Select(_ => RandomSet(random)).ToList();
        var metricPool = Enumerable.Range(0, 30).Select(i => new EmfMetric(i % 7 == 0 ? $"Metric \u00e9{i}" : $"Metric{i}", Units[i % Units.Length])).ToList();
        for (var i = 0; i < 5_000; i++)
        {
            var directives = new List<(EmfMetric, IReadOnlyList<string[]>)>();
            for (var m = random.Next(1, 5); m > 0; m--)
            {
                var metric = random.Next(10) == 0 ? new EmfMetric(Copy(metricPool[0].Name), Copy(metricPool[0].Unit)) : metricPool[random.Next(metricPool.Count)];
                var sets = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(10) == 0 ? RandomSet(random) : setPool[random.Next(setPool.Count)]).ToList();
                directives.Add((metric, sets));
            }

            var document = Document(random.Next(20) == 0 ? "Other\u2028Namespace" : "AWSBatchMetrics", directives);
            Line(document).Should().Be(Oracle(document), $"document {i}");
        }
    }

    /// <summary>More documents than slots, alike but for one string: each slot is found holding another's array.</summary>
    [Theory]
    [InlineData("namespace")]
    [InlineData("unit")]
    [InlineData("metric")]
    [InlineData("dimension")]
    public void Documents_alike_but_for_one_string_never_get_each_others_array(string differing)
    {
        var documents = Enumerable.Range(0, 1_000).Select(i => Document(
            differing == "namespace" ? $"N{i}" : "AWSBatchMetrics",
            [(new EmfMetric(differing == "metric" ? $"M{i}" : "M", differing == "unit" ? $"U{i}" : "Count"), [[differing == "dimension" ? Names[i % Names.Length] + i : "JobQueue"]])])).ToList();

        for (var round = 0; round < 2; round++)
        {
            foreach (var document in documents)
            {
                Line(document).Should().Be(Oracle(document));
            }
        }
    }

    [Fact]
    public void More_than_a_hundred_metrics_split_into_documents_written_as_before()
    {
        var set = new[] { "JobQueue" };
        var documents = Documents("AWSBatchMetrics", Enumerable.Range(0, 150).Select(i => (new EmfMetric($"M{i:000}", "Count"), (IReadOnlyList<string[]>)[set])).ToList());

        documents.Should().HaveCount(2);
        foreach (var document in documents)
        {
            Line(document).Should().Be(Oracle(document));
        }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_writer_with_other_options_writes_what_it_wrote_before(bool indented, bool relaxed)
    {
        var definition = MetricCatalog.Get(MetricCatalog.JobsPlaced);
        var document = Document("AWSBatchMetrics", [(new EmfMetric("Größe <x>", "Count"), definition.DimensionSets), (definition.Emf, definition.DimensionSets)]);
        var options = new JsonWriterOptions { Indented = indented, Encoder = relaxed ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null, SkipValidation = true };

        for (var round = 0; round < 2; round++)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                EmfWriter.Write(writer, document);
            }

            Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be(Oracle(document, options));
            Line(document).Should().Be(Oracle(document), "the default writer is not affected by the other one");
        }
    }

    private static string Line(EmfDocument document) => EmfWriter.ToJson(document);

    private static string Copy(string text) => new(text.AsSpan());

    private static string[] RandomSet(Random random) => Enumerable.Range(0, random.Next(1, 3)).Select(_ => Names[random.Next(Names.Length)]).Distinct().ToArray();

    private static EmfDocument Document(string @namespace, List<(EmfMetric Metric, IReadOnlyList<string[]> Sets)> metrics) => Documents(@namespace, metrics)[0];

    private static IReadOnlyList<EmfDocument> Documents(string @namespace, List<(EmfMetric Metric, IReadOnlyList<string[]> Sets)> metrics)
    {
        var builder = new EmfDocumentBuilder(@namespace, 1_700_000_000_000);
        foreach (var name in Names.Concat(["ECSCluster", "JobDefinition", "ComputeEnvironment", "Architecture"]).Concat(metrics.SelectMany(m => m.Sets.SelectMany(set => set))))
        {
            builder.Dimension(name, "v-" + name);
        }

        builder.Property("JobId", "job-1");
        var value = 1.5;
        foreach (var (metric, sets) in metrics)
        {
            builder.Metric(metric, value++, sets);
        }

        return builder.Build();
    }

    /// <summary>EmfWriter.Write as it was before the cache: every member written from its string.</summary>
    private static string Oracle(EmfDocument document, JsonWriterOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, options ?? new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", document.TimestampMs);
            json.WriteStartArray("CloudWatchMetrics");
            foreach (var directive in document.Directives)
            {
                json.WriteStartObject();
                json.WriteString("Namespace", document.Namespace);
                json.WriteStartArray("Dimensions");
                foreach (var set in directive.DimensionSets)
                {
                    json.WriteStartArray();
                    foreach (var name in set)
                    {
                        json.WriteStringValue(name);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteStartArray("Metrics");
                foreach (var metric in directive.Metrics)
                {
                    json.WriteStartObject();
                    json.WriteString("Name", metric.Name);
                    json.WriteString("Unit", metric.Unit);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            foreach (var (name, value) in document.Dimensions)
            {
                json.WriteString(name, value);
            }

            foreach (var (name, value) in document.Values)
            {
                json.WriteNumber(name, value);
            }

            foreach (var (name, value) in document.Properties)
            {
                json.WriteString(name, (string)value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
