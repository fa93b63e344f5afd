using System.Text;
using System.Text.Json;
using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// The reader's fast path for EventBridge's "time" must give exactly what the general parse gives, or stand aside:
/// every string here, and every random one, is read both ways.
/// </summary>
public sealed class EventTimeTests
{
    [Theory]
    [InlineData("2026-11-20T00:00:03Z", true)]
    [InlineData("2026-11-20T23:59:59.9999999Z", true)]
    [InlineData("2026-11-20T00:00:03.5Z", true)]
    [InlineData("2026-11-20T00:00:03.123Z", true)]
    [InlineData("2024-02-29T12:00:00Z", true)]
    [InlineData("0001-01-01T00:00:00Z", true)]
    [InlineData("9999-12-31T23:59:59Z", true)]
    [InlineData("2026-02-29T12:00:00Z", false)]
    [InlineData("2026-13-01T00:00:00Z", false)]
    [InlineData("2026-00-01T00:00:00Z", false)]
    [InlineData("2026-11-00T00:00:00Z", false)]
    [InlineData("2026-11-31T00:00:00Z", false)]
    [InlineData("2026-11-20T24:00:00Z", false)]
    [InlineData("2026-11-20T23:60:00Z", false)]
    [InlineData("2026-11-20T23:59:60Z", false)]
    [InlineData("0000-01-01T00:00:00Z", false)]
    [InlineData("2026-11-20T00:00:03.12345678Z", false)]
    [InlineData("2026-11-20T00:00:03.Z", false)]
    [InlineData("2026-11-20T00:00:03,5Z", false)]
    [InlineData("2026-11-20t00:00:03Z", false)]
    [InlineData("2026-11-20T00:00:03z", false)]
    [InlineData("2026-11-20T00:00:03", false)]
    [InlineData("2026-11-20T00:00:03+00:00", false)]
    [InlineData("2026-11-20T01:00:03+01:00", false)]
    [InlineData("2026-11-20 00:00:03Z", false)]
    [InlineData(" 2026-11-20T00:00:03Z", false)]
    [InlineData("2026-11-20T00:00:03Z ", false)]
    [InlineData("+2026-11-20T00:00:03Z", false)]
    [InlineData("2026-1-20T00:00:03Z", false)]
    [InlineData("20 Nov 2026 00:00:03 GMT", false)]
    [InlineData("2026-11-20", false)]
    [InlineData("not a time", false)]
    [InlineData("", false)]
    public void The_fast_path_takes_only_what_the_general_parse_reads_the_same_way(string text, bool fast)
    {
        EventTime.TryParseUtc(Encoding.UTF8.GetBytes(text), out var quick).Should().Be(fast);

        var general = EventTime.ParseGeneral(text);
        if (fast)
        {
            general.Should().NotBeNull();
            quick.EqualsExact(general!.Value).Should().BeTrue($"{text}: {quick:O} against {general:O}");
        }

        Same(EventTime.Parse(text), general).Should().BeTrue(text);
    }

    [Fact]
    public void Random_times_in_EventBridge_form_read_the_same_both_ways()
    {
        var random = new Random(20261120);
        for (var i = 0; i < 20_000; i++)
        {
            var time = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            var digits = random.Next(0, 8);
            var text = time.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
                + (digits == 0 ? "" : "." + (time.Ticks % TimeSpan.TicksPerSecond).ToString("D7", System.Globalization.CultureInfo.InvariantCulture)[..digits]) + "Z";

            EventTime.TryParseUtc(Encoding.UTF8.GetBytes(text), out var quick).Should().BeTrue(text);
            quick.EqualsExact(EventTime.ParseGeneral(text)!.Value).Should().BeTrue(text);
        }
    }

    [Fact]
    public void Mangled_times_read_the_same_both_ways()
    {
        var random = new Random(7);
        const string alphabet = "0123456789-:TZtz.+ ,/x\u00e9";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = "2026-11-20T13:45:07.250Z".ToCharArray();
            for (var changes = random.Next(1, 3); changes > 0; changes--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            Same(EventTime.Parse(text), EventTime.ParseGeneral(text)).Should().BeTrue(text);
        }
    }

    [Theory]
    [InlineData("\"2026-11-20T00:00:03Z\"")]
    [InlineData("\"2026-11-20T00:00:03.5Z\"")]
    [InlineData("\"2026-11-20T00:00:0\\u0033Z\"")]
    [InlineData("\"2026-11-20T01:00:03+01:00\"")]
    [InlineData("\"yesterday\"")]
    public void A_time_member_reads_as_its_decoded_string_does(string json)
    {
        var element = JsonDocument.Parse(json).RootElement;

        Same(EventTime.Read(element), EventTime.ParseGeneral(element.GetString()!)).Should().BeTrue(json);
    }

    [Theory]
    [InlineData("1795185307000")]
    [InlineData("null")]
    [InlineData("{\"time\":\"2026-11-20T00:00:03Z\"}")]
    [InlineData("[\"2026-11-20T00:00:03Z\"]")]
    public void A_time_member_that_is_not_a_string_is_no_time(string json) =>
        EventTime.Read(JsonDocument.Parse(json).RootElement).Should().BeNull();

    [Fact]
    public void An_absent_time_member_is_no_time() => EventTime.Read(default).Should().BeNull();

    private static bool Same(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b is null : b is not null && a.Value.EqualsExact(b.Value);
}
