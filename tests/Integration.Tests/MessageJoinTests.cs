using System.Text;
using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>The one-pass join classification must give what the two searches it replaced gave, on any body.</summary>
public sealed class MessageJoinTests
{
    private static MessageJoinOutcome TwoSearches(byte[] body) =>
        body.AsSpan().IndexOf("\"found\":true"u8) >= 0 ? MessageJoinOutcome.Found
        : body.AsSpan().IndexOf("\"found\":false"u8) >= 0 ? MessageJoinOutcome.NotFound
        : MessageJoinOutcome.None;

    [Theory]
    [InlineData("""{"schema":1,"kind":"JobStateChange","event":{"id":"e"},"join":{"found":true,"attempts":1,"item":{"a":1}}}""", MessageJoinOutcome.Found)]
    [InlineData("""{"schema":1,"kind":"JobStateChange","event":{"id":"e"},"join":{"found":false,"attempts":3}}""", MessageJoinOutcome.NotFound)]
    [InlineData("""{"schema":1,"kind":"JobStateChange","event":{"id":"e"}}""", MessageJoinOutcome.None)]
    [InlineData("""{"event":{"found":true},"join":{"found":false}}""", MessageJoinOutcome.Found)]
    [InlineData("""{"join":{"found":false},"x":{"found":true}}""", MessageJoinOutcome.Found)]
    [InlineData("""{"notfound":true,"join":{"found":false}}""", MessageJoinOutcome.NotFound)]
    [InlineData("""{"notfound":true}""", MessageJoinOutcome.None)]
    [InlineData("""{"found":null,"y":"found":}""", MessageJoinOutcome.None)]
    [InlineData("""found":true""", MessageJoinOutcome.None)]
    [InlineData("""{"found":""", MessageJoinOutcome.None)]
    [InlineData("""{"found":tru""", MessageJoinOutcome.None)]
    [InlineData("", MessageJoinOutcome.None)]
    public void A_body_is_told_as_the_two_searches_tell_it(string body, MessageJoinOutcome expected)
    {
        var utf8 = Encoding.UTF8.GetBytes(body);
        MessageJoin.Of(utf8).Should().Be(expected);
        MessageJoin.Of(utf8).Should().Be(TwoSearches(utf8));
    }

    [Fact]
    public void Random_bodies_made_of_the_pieces_agree_with_the_two_searches()
    {
        string[] pieces = ["\"found\":true", "\"found\":false", "\"found\":", "found\":true", "x\"found\":false", "{\"a\":1}", ",", "\"", ":", "true", "false", "f"];
        var random = new Random(7);
        var counts = new Dictionary<MessageJoinOutcome, int>();
        for (var i = 0; i < 20_000; i++)
        {
            var body = new StringBuilder();
            var n = random.Next(0, 8);
            for (var j = 0; j < n; j++)
            {
                body.Append(pieces[random.Next(pieces.Length)]);
            }

            var utf8 = Encoding.UTF8.GetBytes(body.ToString());
            var outcome = MessageJoin.Of(utf8);
            outcome.Should().Be(TwoSearches(utf8), body.ToString());
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
        }

        counts.Keys.Should().BeEquivalentTo([MessageJoinOutcome.None, MessageJoinOutcome.Found, MessageJoinOutcome.NotFound], "every outcome was exercised");
    }
}
