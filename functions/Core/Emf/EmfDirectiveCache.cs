using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Emf;

/// <summary>
/// The "CloudWatchMetrics" array of recent documents, as <see cref="EmfWriter"/> writes it, kept to be copied into
/// later lines: it depends only on the namespace, the dimension sets and the metrics, which the functions take from
/// the catalog, so nearly every document repeats one of a few dozen arrays, and written member by member it was
/// about half of a line's cost.
/// </summary>
/// <remarks>
/// An entry is found by, and checked against, the very strings it was written from, compared by reference (a
/// string never changes, so the same instances in the same shape always write the same bytes); equal names held
/// in other instances miss and are written as before. Two slots per hash: a collision only costs a miss. Entries are
/// immutable and written whole, so threads sharing the table at worst miss.
/// </remarks>
internal static class EmfDirectiveCache
{
    private const int SlotBits = 10; // 1,024 slots for the few dozen distinct arrays the catalog gives (40 on a simulated day)
    private const int Slots = 1 << SlotBits;
    private const int MaxStrings = 64; // bigger arrays (many metrics in one directive) are written, not kept

    private static readonly Entry?[] Table = new Entry?[Slots];

    /// <summary>The array's JSON when it is (now) cached; empty when the document is too big to keep.</summary>
    public static ReadOnlySpan<byte> Get(EmfDocument document)
    {
        var (hash, strings) = Hash(document);
        if (strings > MaxStrings)
        {
            return default;
        }

        // Two candidate slots, so that two hot arrays whose hashes meet (it happens, with a few dozen) do not evict
        // each other on every document.
        var slot = (int)((hash * 0x9E3779B97F4A7C15) >> (64 - SlotBits));
        var neighbour = slot ^ 1;
        if (Table[slot] is { } entry && entry.Matches(document))
        {
            return entry.Json;
        }

        if (Table[neighbour] is { } other && other.Matches(document))
        {
            return other.Json;
        }

        var created = Entry.Of(document, strings);
        Table[Table[slot] is not null && Table[neighbour] is null ? neighbour : slot] = created;
        return created.Json;
    }

    /// <summary>Writes the array member by member: the cached bytes, and what is written when nothing is cached.</summary>
    public static void WriteArray(Utf8JsonWriter json, EmfDocument document)
    {
        json.WriteStartArray();
        var directives = document.DirectiveList;
        for (var d = 0; d < directives.Count; d++)
        {
            var directive = directives[d];
            json.WriteStartObject();
            json.WriteString(EmfWriter.NamespaceMember, document.Namespace);
            json.WriteStartArray(EmfWriter.DimensionsMember);
            var sets = directive.SetList;
            for (var s = 0; s < sets.Count; s++)
            {
                var set = sets[s];
                json.WriteStartArray();
                for (var n = 0; n < set.Length; n++)
                {
                    json.WriteStringValue(set[n]);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray(EmfWriter.MetricsMember);
            var metrics = directive.MetricList;
            for (var m = 0; m < metrics.Count; m++)
            {
                json.WriteStartObject();
                json.WriteString(EmfWriter.NameMember, metrics[m].Name);
                json.WriteString(EmfWriter.UnitMember, metrics[m].Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>A hash of the strings' identities and the shape (list lengths), and how many strings there are.</summary>
    private static (ulong Hash, int Strings) Hash(EmfDocument document)
    {
        var hash = Mix(0, RuntimeHelpers.GetHashCode(document.Namespace));
        var strings = 1;
        var directives = document.DirectiveList;
        hash = Mix(hash, directives.Count);
        for (var d = 0; d < directives.Count; d++)
        {
            var sets = directives[d].SetList;
            hash = Mix(hash, sets.Count);
            for (var s = 0; s < sets.Count; s++)
            {
                var set = sets[s];
                hash = Mix(hash, set.Length);
                for (var n = 0; n < set.Length; n++)
                {
                    hash = Mix(hash, RuntimeHelpers.GetHashCode(set[n]));
                }

                strings += set.Length;
            }

            var metrics = directives[d].MetricList;
            hash = Mix(hash, metrics.Count);
            for (var m = 0; m < metrics.Count; m++)
            {
                hash = Mix(Mix(hash, RuntimeHelpers.GetHashCode(metrics[m].Name)), RuntimeHelpers.GetHashCode(metrics[m].Unit));
            }

            strings += 2 * metrics.Count;
        }

        return (hash, strings);
    }

    private static ulong Mix(ulong hash, int value)
    {
        hash = (hash ^ (uint)value) * 0x9E3779B97F4A7C15;
        return hash ^ (hash >> 29);
    }

    /// <param name="Strings">The namespace, then each directive's set names and metric names and units, in writing order.</param>
    /// <param name="Shape">The number of directives, then per directive the number of sets, each set's length and the number of metrics.</param>
    private sealed class Entry(string[] strings, int[] shape, byte[] json)
    {
        public byte[] Json { get; } = json;

        public static Entry Of(EmfDocument document, int count)
        {
            var strings = new string[count];
            var shape = new List<int>();
            var next = 0;
            strings[next++] = document.Namespace;
            var directives = document.Directives;
            shape.Add(directives.Count);
            for (var d = 0; d < directives.Count; d++)
            {
                var sets = directives[d].DimensionSets;
                shape.Add(sets.Count);
                foreach (var set in sets)
                {
                    shape.Add(set.Count);
                    foreach (var name in set)
                    {
                        strings[next++] = name;
                    }
                }

                shape.Add(directives[d].Metrics.Count);
                foreach (var metric in directives[d].Metrics)
                {
                    strings[next++] = metric.Name;
                    strings[next++] = metric.Unit;
                }
            }

            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            {
                WriteArray(writer, document);
            }

            return new Entry(strings, [.. shape], buffer.WrittenSpan.ToArray());
        }

        public bool Matches(EmfDocument document)
        {
            var s = 0;
            var p = 0;
            var directives = document.DirectiveList;
            if (!ReferenceEquals(strings[s++], document.Namespace) || shape[p++] != directives.Count)
            {
                return false;
            }

            for (var d = 0; d < directives.Count; d++)
            {
                var sets = directives[d].SetList;
                if (shape[p++] != sets.Count)
                {
                    return false;
                }

                for (var i = 0; i < sets.Count; i++)
                {
                    var set = sets[i];
                    if (shape[p++] != set.Length)
                    {
                        return false;
                    }

                    for (var n = 0; n < set.Length; n++)
                    {
                        if (!ReferenceEquals(strings[s++], set[n]))
                        {
                            return false;
                        }
                    }
                }

                var metrics = directives[d].MetricList;
                if (shape[p++] != metrics.Count)
                {
                    return false;
                }

                for (var m = 0; m < metrics.Count; m++)
                {
                    if (!ReferenceEquals(strings[s++], metrics[m].Name) || !ReferenceEquals(strings[s++], metrics[m].Unit))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
