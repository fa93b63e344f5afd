using System.Runtime.InteropServices;
using System.Text.Json;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// What the reader needs of a parsed line's top-level object, found in one pass over its members without building
/// a node or a string per member: whether it is an EventBridge event ("detail-type" and "detail" not null), a
/// CloudTrail log file ("Records"), its "time", whether a member name appears twice, and the members the rules read
/// (<see cref="TopLevel"/>), so that matching the rules does not search the object for them again.
/// </summary>
/// <remarks>
/// A duplicated top-level name is rejected here: JSON leaves its meaning undefined, and the JsonObject the state
/// machines receive would throw on it the first time a member is read (an ArgumentException that stopped the replay).
/// The names of EventBridge's envelope are checked with a bit each; any other name, or an escaped one, sends the
/// check to a set of the decoded names, as JsonObject compares them.
/// </remarks>
public readonly struct EventEnvelope
{
    private static readonly byte[][] EnvelopeNames =
        [.. new[] { "version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail", "replay-name" }.Select(System.Text.Encoding.UTF8.GetBytes)];

    private static readonly int DetailTypeName = IndexOf("detail-type");
    private static readonly int TimeName = IndexOf("time");
    private static readonly int DetailName = IndexOf("detail");

    private static readonly int SourceName = IndexOf("source");

    /// <summary>Names this long or longer are no envelope name (the longest has 11 bytes).</summary>
    private const int ShapeLengths = 16;

    /// <summary>
    /// The one envelope name with a given length and first byte (index length * 256 + first byte; -1 for none), so a
    /// member name is compared once: a table read, where a dictionary keyed by the pair hashed it for every member
    /// of every event.
    /// </summary>
    private static readonly int[] CandidateByShape = ShapeTable();

    private EventEnvelope(JsonElement detailType, JsonElement detail, JsonElement time, JsonElement records, string? duplicateName, TopLevelMembers topLevel)
    {
        TopLevel = topLevel;
        DetailType = detailType;
        Detail = detail;
        Time = time;
        Records = records;
        DuplicateName = duplicateName;
    }

    /// <summary>"detail-type"; default (Undefined) when absent.</summary>
    public JsonElement DetailType { get; }

    public JsonElement Detail { get; }

    public JsonElement Time { get; }

    /// <summary>"Records", the array of a CloudTrail log file.</summary>
    public JsonElement Records { get; }

    /// <summary>"source", "detail-type" and "detail" as the rules read them, found in the same pass.</summary>
    public TopLevelMembers TopLevel { get; }

    /// <summary>A member name that appears more than once (the first found), or null.</summary>
    public string? DuplicateName { get; }

    /// <summary>An EventBridge event, as the reader has always told one: "detail-type" and "detail" present and not null, and not a log file.</summary>
    public bool IsEventBridgeEvent => Records.ValueKind != JsonValueKind.Array && IsSet(DetailType) && IsSet(Detail);

    /// <param name="root">A parsed JSON object.</param>
    public static EventEnvelope Read(JsonElement root)
    {
        JsonElement detailType = default, detail = default, time = default, records = default;
        var seen = 0;
        var duplicate = false;
        var otherNames = false;
        var topLevel = TopLevelMembers.Start();
        foreach (var member in root.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(member);
            var value = member.Value;
            var known = KnownName(name);
            if (known < 0)
            {
                otherNames = true;
                topLevel.Offer(name, value); // the rules' pass wants to know of an escaped name
                if (member.NameEquals("Records"u8))
                {
                    records = value;
                }

                continue;
            }

            duplicate |= (seen & (1 << known)) != 0;
            seen |= 1 << known;
            if (known == DetailTypeName)
            {
                detailType = value;
                topLevel.Offer(name, value);
            }
            else if (known == TimeName)
            {
                time = value;
            }
            else if (known == DetailName)
            {
                detail = value;
                topLevel.Offer(name, value);
            }
            else if (known == SourceName)
            {
                topLevel.Offer(name, value);
            }
        }

        string? duplicateName = duplicate || otherNames ? FirstDuplicate(root) : null;
        return new EventEnvelope(detailType, detail, time, records, duplicateName, topLevel);
    }

    private static bool IsSet(JsonElement value) => value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>The index of an envelope name written without escapes; -1 for any other.</summary>
    private static int KnownName(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty || raw.Length >= ShapeLengths)
        {
            return -1;
        }

        var candidate = CandidateByShape[(raw.Length << 8) | raw[0]];
        return candidate >= 0 && raw.SequenceEqual(EnvelopeNames[candidate]) ? candidate : -1;
    }

    private static int[] ShapeTable()
    {
        var table = new int[ShapeLengths << 8];
        Array.Fill(table, -1);
        for (var i = 0; i < EnvelopeNames.Length; i++)
        {
            var slot = (EnvelopeNames[i].Length << 8) | EnvelopeNames[i][0];
            if (table[slot] >= 0)
            {
                throw new InvalidOperationException("two envelope names share a length and a first byte");
            }

            table[slot] = i;
        }

        return table;
    }

    private static int IndexOf(string name) => Array.FindIndex(EnvelopeNames, n => n.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(name)));

    private static string? FirstDuplicate(JsonElement root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            if (!names.Add(member.Name))
            {
                return member.Name;
            }
        }

        return null;
    }
}
