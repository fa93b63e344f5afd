using System.Globalization;
using System.Text;

namespace BatchRuntimeMonitor.Tests.Core.Support;

/// <summary>
/// Random EMF-like lines for comparing validators: mostly well-formed JSON in the shape of an EMF document, with
/// every rule broken now and then, and what a one-pass reader can get wrong: members in any order (_aws first,
/// last or between), repeated members, escaped names ("Job\u0043ount"), non-ASCII text, nested values to skip,
/// arrays of numbers up to and over 100 values, random white space. <see cref="Broken"/> also damages the bytes.
/// </summary>
internal sealed class EmfLineGenerator(int seed)
{
    private static readonly string[] Dimensions = ["JobQueue", "JobDefinition", "InstanceType", "Größe", "Q"];
    private static readonly string[] MetricNames = ["RUNNING", "RunnableSeconds", "JobCount", "Temp\u00e9rature", "M\uD83D\uDE00", "JobQueue"];
    private static readonly string[] OddNames = ["", " ", "\t", "_aws", "Timestamp", "Name", new string('n', 255), new string('n', 256), new string('\u00e9', 200)];
    private static readonly string[] DimensionValues = ["q1", "", " ", "\u00a0", "\t\n", "m5.large", "é", "x\"y"];
    private static readonly string[] Units = ["Count", "Seconds", "Bytes/Second", "None", "Jobs", "count", "", "Cou\u006et"];

    private readonly Random _random = new(seed);
    private readonly StringBuilder _json = new();

    /// <summary>A well-formed JSON line, usually an EMF document, sometimes breaking a rule.</summary>
    public string Line()
    {
        _json.Clear();
        Space();
        if (Chance(0.03))
        {
            Value(depth: 0); // a root that is not an object (or, rarely, is one without _aws)
        }
        else
        {
            Root();
        }

        Space();
        return _json.ToString();
    }

    /// <summary>A line's UTF-8, then often damaged: cut, a byte added or dropped, bytes swapped, invalid UTF-8.</summary>
    public byte[] Broken()
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Line()));
        var damages = _random.Next(1, 3);
        for (var i = 0; i < damages && bytes.Count > 0; i++)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(6))
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 1:
                    bytes.Insert(at, (byte)"{}[],:\"\\ 1-.etnu\n"[_random.Next(17)]);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    (bytes[at], bytes[^1]) = (bytes[^1], bytes[at]);
                    break;
                case 4:
                    bytes.Insert(at, (byte)(0x80 + _random.Next(0x80))); // invalid UTF-8 (or half of a character)
                    break;
                default:
                    bytes.AddRange(" {}"u8.ToArray());
                    break;
            }
        }

        return [.. bytes];
    }

    private void Root()
    {
        // The members are written in a random order, _aws among them.
        var members = new List<Action>();
        if (!Chance(0.03))
        {
            members.Add(() => Member("_aws", Metadata));
        }

        if (Chance(0.05))
        {
            members.Add(() => Member("_aws", () => Value(1))); // a repeated _aws: the last one counts
        }

        foreach (var name in Dimensions)
        {
            if (!Chance(0.15))
            {
                members.Add(() => Member(name, DimensionValue));
            }
        }

        foreach (var name in MetricNames)
        {
            if (!Chance(0.15))
            {
                members.Add(() => Member(name, MetricValue));
            }
        }

        if (Chance(0.2))
        {
            members.Add(() => Member(Pick(OddNames), () => Value(1)));
        }

        members.Add(() => Member("JobId", () => Value(1)));
        Shuffle(members);
        if (Chance(0.1))
        {
            members.Add(members[_random.Next(members.Count)]); // a repeated member, written again later
        }

        Object(members);
    }

    private void Metadata()
    {
        var members = new List<Action>();
        if (!Chance(0.05))
        {
            members.Add(() => Member("Timestamp", Timestamp));
        }

        if (!Chance(0.03))
        {
            members.Add(() => Member("CloudWatchMetrics", Chance(0.03) ? () => Value(2) : Directives));
        }

        if (Chance(0.05))
        {
            members.Add(() => Member("CloudWatchMetrics", Directives));
        }

        if (Chance(0.2))
        {
            members.Add(() => Member("LogGroupName", () => Value(2)));
        }

        Shuffle(members);
        Object(members);
    }

    private void Timestamp()
    {
        switch (_random.Next(10))
        {
            case 0: Raw(Pick(["-1", "1.5", "1e3", "\"2024-01-01\"", "99999999999999999999", "null", "-0"])); break;
            case 1: Value(2); break;
            default: Raw("1795132803000"); break;
        }
    }

    private void Directives() => Array(_random.Next(0, 4) switch { 0 => 0, 3 => 2, _ => 1 }, () =>
    {
        if (Chance(0.03))
        {
            Value(3);
        }
        else
        {
            Directive();
        }
    });

    private void Directive()
    {
        var members = new List<Action>();
        if (!Chance(0.04))
        {
            members.Add(() => Member("Namespace", () =>
            {
                if (Chance(0.1))
                {
                    String(Pick(OddNames));
                }
                else if (Chance(0.03))
                {
                    Value(4);
                }
                else
                {
                    String(Pick(["AWSBatchMetrics", "ns", "N\u00e4mespace"]));
                }
            }));
        }

        if (!Chance(0.04))
        {
            members.Add(() => Member("Dimensions", Chance(0.03) ? () => Value(4) : DimensionSets));
        }

        if (!Chance(0.04))
        {
            members.Add(() => Member("Metrics", Chance(0.03) ? () => Value(4) : MetricDefinitions));
        }

        if (Chance(0.05))
        {
            members.Add(members.Count > 0 ? members[_random.Next(members.Count)] : () => Member("Other", () => Value(4)));
        }

        Shuffle(members);
        Object(members);
    }

    private void DimensionSets() => Array(_random.Next(0, 4), () =>
    {
        if (Chance(0.03))
        {
            Value(5);
            return;
        }

        var count = Chance(0.03) ? 31 : _random.Next(0, 3);
        Array(count, () =>
        {
            if (count > 3)
            {
                String($"D{_random.Next(40)}");
            }
            else if (Chance(0.04))
            {
                Value(6);
            }
            else
            {
                String(Chance(0.05) ? Pick(MetricNames) : Pick(Dimensions));
            }
        });
    });

    private void MetricDefinitions()
    {
        var count = _random.Next(0, 20) switch { 0 => 101, 1 => 0, < 12 => 1, _ => _random.Next(2, 5) };
        Array(count, () =>
        {
            if (Chance(0.03))
            {
                Value(5);
                return;
            }

            var members = new List<Action>();
            if (!Chance(0.04))
            {
                members.Add(() => Member("Name", () =>
                {
                    if (count > 5)
                    {
                        String($"M{_random.Next(120)}");
                    }
                    else if (Chance(0.05))
                    {
                        String(Pick(OddNames));
                    }
                    else if (Chance(0.03))
                    {
                        Value(6);
                    }
                    else
                    {
                        String(Pick(MetricNames));
                    }
                }));
            }

            if (!Chance(0.2))
            {
                members.Add(() => Member("Unit", () =>
                {
                    if (Chance(0.1))
                    {
                        Value(6);
                    }
                    else
                    {
                        String(Chance(0.7) ? "Count" : Pick(Units));
                    }
                }));
            }

            if (Chance(0.15))
            {
                members.Add(() => Member("StorageResolution", () => Raw(Pick(["1", "60", "5", "1.0", "60e0", "-1", "99999999999", "\"60\"", "null"]))));
            }

            if (Chance(0.05))
            {
                members.Add(members.Count > 0 ? members[_random.Next(members.Count)] : () => Member("Extra", () => Value(6)));
            }

            Shuffle(members);
            Object(members);
        });
    }

    private void DimensionValue()
    {
        if (Chance(0.1))
        {
            Value(1);
        }
        else
        {
            String(Chance(0.7) ? "q1" : Pick(DimensionValues));
        }
    }

    private void MetricValue()
    {
        switch (_random.Next(12))
        {
            case 0: Array(Pick([0, 1, 3, 99, 100, 101]), () => Raw(Chance(0.02) ? "\"1\"" : Number())); break;
            case 1: Array(2, () => Value(3)); break;
            case 2: Value(1); break;
            default: Raw(Number()); break;
        }
    }

    /// <summary>Any JSON value, nested up to a few levels: what the validator must skip, or reject where it counts.</summary>
    private void Value(int depth)
    {
        var kind = _random.Next(depth > 5 ? 5 : 7);
        switch (kind)
        {
            case 0: String(Pick(DimensionValues)); break;
            case 1: Raw(Number()); break;
            case 2: Raw("true"); break;
            case 3: Raw("false"); break;
            case 4: Raw("null"); break;
            case 5: Array(_random.Next(0, 3), () => Value(depth + 1)); break;
            default:
                var members = new List<Action>();
                for (var i = _random.Next(0, 3); i > 0; i--)
                {
                    var name = Chance(0.3) ? Pick(["Name", "Unit", "_aws", "Metrics"]) : $"k{i}";
                    members.Add(() => Member(name, () => Value(depth + 1)));
                }

                Object(members);
                break;
        }
    }

    private string Number() => _random.Next(8) switch
    {
        0 => "0",
        1 => "-3",
        2 => "1.5",
        3 => "1e3",
        4 => "12.25E-1",
        _ => _random.Next(1000).ToString(CultureInfo.InvariantCulture),
    };

    private void Object(List<Action> members)
    {
        _json.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                Comma();
            }

            Space();
            members[i]();
            Space();
        }

        _json.Append('}');
    }

    private void Array(int count, Action item)
    {
        _json.Append('[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                Comma();
            }

            Space();
            item();
            Space();
        }

        _json.Append(']');
    }

    private void Member(string name, Action value)
    {
        String(name);
        Space();
        _json.Append(':');
        Space();
        value();
    }

    /// <summary>A JSON string, its characters escaped now and then (\u escapes, short escapes), which must not matter.</summary>
    private void String(string text)
    {
        var escape = Chance(0.15);
        _json.Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\' || c < ' ' || (escape && Chance(0.3)))
            {
                _json.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\t' => "\\t",
                    '/' => "\\/",
                    _ => $"\\u{(int)c:X4}",
                });
            }
            else
            {
                _json.Append(c);
            }
        }

        _json.Append('"');
    }

    private void Raw(string json) => _json.Append(json);

    private void Comma() => _json.Append(',');

    private void Space()
    {
        if (Chance(0.1))
        {
            _json.Append(Pick([" ", "\n", "\t ", "\r\n"]));
        }
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private void Shuffle(List<Action> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
