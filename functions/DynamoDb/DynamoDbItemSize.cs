using System.Text;
using Amazon.DynamoDBv2.Model;

namespace BatchRuntimeMonitor.DynamoDb;

/// <summary>
/// DynamoDB's item size as it bills and limits it: attribute name bytes plus value bytes (UTF-8 strings, numbers
/// ~1 byte per 2 digits + 1, 1 byte for BOOL/NULL, 3 bytes overhead per list/map element).
/// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
/// </summary>
public static class DynamoDbItemSize
{
    /// <summary>The hard per-item limit: 400 KB including attribute names.</summary>
    public const int MaxItemBytes = 400 * 1024;

    public static int Of(Dictionary<string, AttributeValue> item)
    {
        var total = 0;
        foreach (var (name, value) in item)
        {
            total += Encoding.UTF8.GetByteCount(name) + Of(value);
        }

        return total;
    }

    public static int Of(AttributeValue value)
    {
        if (value.S is not null) return Encoding.UTF8.GetByteCount(value.S);
        if (value.N is not null) return (value.N.Length + 1) / 2 + 1;
        if (value.BOOL is not null || value.NULL == true) return 1;
        if (value.B is not null) return (int)value.B.Length;
        if (value.SS is not null) return value.SS.Sum(Encoding.UTF8.GetByteCount);
        if (value.NS is not null) return value.NS.Sum(n => (n.Length + 1) / 2 + 1);
        if (value.L is not null) return 3 + value.L.Sum(v => 1 + Of(v));
        if (value.M is not null) return 3 + value.M.Sum(p => 1 + Encoding.UTF8.GetByteCount(p.Key) + Of(p.Value));
        return 1;
    }
}
