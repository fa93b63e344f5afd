using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using BatchRuntimeMonitor.Core.Emf.Validation;

namespace BatchRuntimeMonitor.Core.Emf;

/// <summary>
/// Checks a JSON log line against the Embedded Metric Format specification's rules, so tests and the local runner
/// reject what CloudWatch would silently ignore. Returns every violation found, empty when the document is valid.
/// </summary>
/// <remarks>
/// `brm replay` checks every line it writes on its busiest thread, so this reads the line once with a
/// <see cref="Utf8JsonReader"/> (<see cref="EmfLineReader"/>), keeping positions rather than strings, and checks the
/// rules afterwards (<see cref="EmfLineRules"/>); a valid line allocates nothing. It replaced a JsonDocument-based
/// validator, whose results it reproduces exactly (tests/Core.Tests keeps that one as the reference; see
/// docs/performance.md).
/// <para>It never throws on what it is given: text that cannot be decoded (invalid UTF-8, or an escaped lone
/// surrogate) is a violation like any other, <see cref="UnreadableText"/>, so a bad line is reported where it was
/// written and does not fail the batch that wrote it.</para>
/// </remarks>
public static class EmfValidator
{
    /// <summary>
    /// The violation for a line that is JSON but not text: invalid UTF-8 anywhere in it (CloudWatch Logs requires
    /// UTF-8), or an escaped lone surrogate in a string the rules read. The JsonDocument validator threw on these
    /// when it decoded such a string. The rules are not reported on such a line.
    /// </summary>
    public const string UnreadableText = "text is not valid Unicode (invalid UTF-8, or an escaped lone surrogate)";

    private static readonly string TooLarge = $"document is larger than a CloudWatch Logs event ({EmfLimits.MaxLogEventBytes} bytes)";

    public static IReadOnlyList<string> Validate(string line)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(line.Length));
        try
        {
            var written = Encoding.UTF8.GetBytes(line, rented);
            return Validate(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The same checks on the UTF-8 line as a writer holds it, with no string made of it.</summary>
    public static IReadOnlyList<string> Validate(ReadOnlySpan<byte> utf8Line)
    {
        List<string>? errors = null;
        if (utf8Line.Length > EmfLimits.MaxLogEventBytes)
        {
            (errors ??= []).Add(TooLarge);
        }

        var line = EmfLine.Rent();
        try
        {
            try
            {
                EmfLineReader.Read(utf8Line, line);
            }
            catch (JsonException ex)
            {
                (errors ??= []).Add($"not JSON: {ex.Message}");
                return errors;
            }

            // Checked as a whole, not string by string: a member the rules never read must be UTF-8 too.
            if (!Utf8.IsValid(utf8Line))
            {
                (errors ??= []).Add(UnreadableText);
                return errors;
            }

            var found = errors?.Count ?? 0;
            try
            {
                EmfLineRules.Check(utf8Line, line, ref errors);
            }
            catch (InvalidOperationException)
            {
                // Only decoding a string throws here (GetString's semantics, see JsonText): an escaped lone surrogate.
                // The rules' findings so far are dropped with the text they could not read; the size violation stays.
                errors?.RemoveRange(found, errors.Count - found);
                (errors ??= []).Add(UnreadableText);
            }
        }
        finally
        {
            EmfLine.Return(line);
        }

        return errors ?? (IReadOnlyList<string>)[];
    }
}
