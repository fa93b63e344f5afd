using System.Globalization;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>RFC 3339 timestamps as Step Functions accepts them (Wait Timestamp, Timestamp* comparisons).</summary>
internal static class Timestamps
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        // Step Functions requires an explicit offset or Z and a 'T' separator; reject anything vaguer.
        if (text.Length >= 20 && text[10] == 'T'
            && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return true;
        }

        value = default;
        return false;
    }
}
