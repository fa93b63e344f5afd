using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Tests.Core.Support;
using FsCheck;
using FsCheck.Fluent;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// The one-pass <see cref="EmfValidator"/> gives what the JsonDocument-based validator it replaced gives
/// (<see cref="ReferenceEmfValidator"/>): the same violations in the same order on generated EMF-like lines,
/// well-formed or damaged (<see cref="EmfLineGenerator"/>). Where the old one threw on text it could not decode, or
/// the line is not UTF-8, the new one reports <see cref="EmfValidator.UnreadableText"/> instead.
/// </summary>
public class EmfValidatorEquivalenceProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(3000);

    private static Arbitrary<int> Seeds() => Gen.Choose(0, int.MaxValue - 1).ToArbitrary();

    [Fact]
    public void Well_formed_lines_get_the_same_violations()
    {
        var violations = 0;
        Check.One(Config, Prop.ForAll(Seeds(), seed =>
        {
            var line = System.Text.Encoding.UTF8.GetBytes(new EmfLineGenerator(seed).Line());
            violations += SameOutcome(seed, line) > 0 ? 1 : 0;
        }));

        violations.Should().BeInRange(300, 2700, "the generator should give both valid lines and lines with violations");
    }

    [Fact]
    public void Damaged_lines_get_the_same_violations()
    {
        Check.One(Config, Prop.ForAll(Seeds(), seed => SameOutcome(seed, new EmfLineGenerator(seed).Broken())));
    }

    /// <summary>Asserts both validators agree on <paramref name="line"/>; returns the number of violations.</summary>
    private static int SameOutcome(int seed, byte[] line)
    {
        var expected = Expected(line);
        var actual = Outcome(() => EmfValidator.Validate(line));
        if (!actual.SequenceEqual(expected))
        {
            throw new Xunit.Sdk.XunitException($"seed {seed}\nexpected: {string.Join(" | ", expected)}\nactual:   {string.Join(" | ", actual)}\nline: {System.Text.Encoding.UTF8.GetString(line)}");
        }

        return expected.Count;
    }

    /// <summary>The reference's outcome, where it threw on undecodable text (or took a non-UTF-8 line) as now reported.</summary>
    private static List<string> Expected(byte[] line)
    {
        var reference = Outcome(() => ReferenceEmfValidator.Validate(line));
        var notJson = reference.Exists(error => error.StartsWith("not JSON", StringComparison.Ordinal));
        var unreadable = reference.SequenceEqual(["threw InvalidOperationException"]) || !System.Text.Unicode.Utf8.IsValid(line);
        return !notJson && unreadable ? [EmfValidator.UnreadableText] : reference; // generated lines are far below the size limit
    }

    /// <summary>The violations, or the type of the exception thrown.</summary>
    private static List<string> Outcome(Func<IReadOnlyList<string>> validate)
    {
        try
        {
            return [.. validate()];
        }
        catch (Exception ex)
        {
            return [$"threw {ex.GetType().Name}"]; // the message may differ (several invalid escapes: which one is met first)
        }
    }
}
