using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Emf.Validation;

/// <summary>
/// What the rules need of one EMF line, collected by <see cref="EmfLineReader"/> in one pass and checked by
/// <see cref="EmfLineRules"/> afterwards (the members of a line come in any order: _aws may follow the metrics).
/// Strings are <see cref="JsonText"/> positions in the line, and the lists are reused from line to line, so a valid
/// line allocates nothing.
/// </summary>
/// <remarks>
/// Where a JSON object repeats a member, the last one counts, as it did for JsonElement.TryGetProperty: the reader
/// overwrites what an earlier one recorded. The arrays of the metadata are flattened into the lists below, each
/// entry pointing at its children's range in the next list.
/// </remarks>
internal sealed class EmfLine
{
    [ThreadStatic]
    private static EmfLine? t_spare;

    public bool RootIsObject { get; set; }

    /// <summary>Every member of the root object, in line order (_aws too: a metric may be named after anything).</summary>
    public EmfList<RootMember> Root { get; } = new(16);

    /// <summary>Bit 0: looking _aws up would have thrown (see <see cref="MemberKeys"/>).</summary>
    public int RootPoisoned { get; set; }

    /// <summary>The kind of the last root member named _aws; None when there is none.</summary>
    public JsonTokenType AwsKind { get; set; }

    /// <summary>Bits 0 and 1: looking Timestamp, CloudWatchMetrics up in _aws would have thrown.</summary>
    public int MetadataPoisoned { get; set; }

    /// <summary>Whether the last _aws.Timestamp is an integer number of at least 0.</summary>
    public bool TimestampIsValid { get; set; }

    /// <summary>The kind of the last _aws.CloudWatchMetrics; None when there is none.</summary>
    public JsonTokenType DirectivesKind { get; set; }

    public EmfList<Directive> Directives { get; } = new(2);

    public EmfList<DimensionSet> DimensionSets { get; } = new(4);

    public EmfList<DimensionName> DimensionNames { get; } = new(8);

    public EmfList<MetricDefinition> Metrics { get; } = new(4);

    /// <summary>Used by the rules: the valid metric names and the dimension names met, in order.</summary>
    public EmfList<JsonText> MetricNamesSeen { get; } = new(4);

    public EmfList<JsonText> DimensionNamesSeen { get; } = new(8);

    /// <summary>A cleared line for this thread: the validator runs on the replay's pipeline thread, line after line.</summary>
    public static EmfLine Rent()
    {
        var line = t_spare ?? new EmfLine();
        t_spare = null;
        return line;
    }

    public static void Return(EmfLine line)
    {
        line.Clear();
        if (line.Root.Capacity <= 4096 && line.DimensionNames.Capacity <= 4096 && line.Metrics.Capacity <= 4096)
        {
            t_spare = line; // a huge line's lists are left to the collector rather than kept for good
        }
    }

    /// <summary>Forgets the metadata of an earlier _aws member: a later one replaces it.</summary>
    public void ClearMetadata()
    {
        AwsKind = JsonTokenType.None;
        MetadataPoisoned = 0;
        TimestampIsValid = false;
        ClearDirectives();
    }

    /// <summary>Forgets an earlier CloudWatchMetrics array (and what its directives held): a later one replaces it.</summary>
    public void ClearDirectives()
    {
        DirectivesKind = JsonTokenType.None;
        Directives.Clear();
        DimensionSets.Clear();
        DimensionNames.Clear();
        Metrics.Clear();
    }

    private void Clear()
    {
        RootIsObject = false;
        RootPoisoned = 0;
        Root.Clear();
        ClearMetadata();
        MetricNamesSeen.Clear();
        DimensionNamesSeen.Clear();
    }
}

/// <summary>A root member: its name, the kind of its value, and what the rules ask of that value.</summary>
/// <param name="Text">The value when it is a string (a dimension value).</param>
/// <param name="ArrayLength">The number of items when the value is an array (a metric's values).</param>
/// <param name="AllNumbers">Whether every item of that array is a number.</param>
internal record struct RootMember(JsonText Name, JsonTokenType Kind, JsonText Text, int ArrayLength, bool AllNumbers);

/// <summary>One item of CloudWatchMetrics; kinds are None for an absent member.</summary>
/// <param name="Poisoned">Bits 0-2: looking Namespace, Dimensions, Metrics up would have thrown (<see cref="MemberKeys"/>).</param>
internal record struct Directive(
    bool IsObject,
    int Poisoned,
    JsonTokenType NamespaceKind,
    JsonText Namespace,
    JsonTokenType DimensionsKind,
    int FirstSet,
    int SetCount,
    JsonTokenType MetricsKind,
    int FirstMetric,
    int MetricCount);

/// <summary>One item of a directive's Dimensions, with the range of its items in <see cref="EmfLine.DimensionNames"/>.</summary>
internal record struct DimensionSet(bool IsArray, int FirstName, int NameCount);

/// <summary>One item of a dimension set; only a string is a dimension name.</summary>
internal record struct DimensionName(bool IsString, JsonText Text);

/// <summary>One item of a directive's Metrics; kinds are None for an absent member.</summary>
/// <param name="Unit">The unit when it is a string.</param>
/// <param name="UnitRaw">The unit's raw text otherwise (a number, array or object), for the error message.</param>
/// <param name="ResolutionIs1Or60">Whether StorageResolution is a number that is the integer 1 or 60.</param>
/// <param name="Poisoned">Bits 0-2: looking Name, Unit, StorageResolution up would have thrown (<see cref="MemberKeys"/>).</param>
internal record struct MetricDefinition(
    bool IsObject,
    int Poisoned,
    JsonTokenType NameKind,
    JsonText Name,
    JsonTokenType UnitKind,
    JsonText Unit,
    Range UnitRaw,
    JsonTokenType ResolutionKind,
    bool ResolutionIs1Or60);

/// <summary>A growable array of structs whose entries are changed in place (by ref) and whose storage is kept on Clear.</summary>
internal sealed class EmfList<T>(int capacity)
    where T : struct
{
    private T[] _items = new T[capacity];

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    public ref T this[int index] => ref _items[index];

    /// <summary>Appends a default entry and returns its index (not a ref: a later Add may move the storage).</summary>
    public int Add(T item = default)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count] = item;
        return Count++;
    }

    public void Clear() => Count = 0;
}
