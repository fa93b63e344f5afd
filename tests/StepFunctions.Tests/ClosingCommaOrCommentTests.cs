using System.Text;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>The one-pass pair search must find exactly what the library searches it replaced found, at any position.</summary>
public class ClosingCommaOrCommentTests
{
    private static bool LibrarySearches(byte[] json, bool comments) =>
        json.AsSpan().IndexOf(",}"u8) >= 0 || json.AsSpan().IndexOf(",]"u8) >= 0
        || (comments && (json.AsSpan().IndexOf("/*"u8) >= 0 || json.AsSpan().IndexOf("//"u8) >= 0));

    [Fact]
    public void Random_texts_of_every_length_agree_with_the_library_searches()
    {
        // Bytes of the pairs, their look-alikes (']' | 0x20 is '}'; '{' and '[' differ from them) and filler.
        var alphabet = ",}]/*{[=+.-a\" ";
        var random = new Random(11);
        var found = new[] { 0, 0 };
        for (var i = 0; i < 40_000; i++)
        {
            var length = random.Next(0, 140);
            var text = new StringBuilder(length);
            for (var j = 0; j < length; j++)
            {
                // Mostly filler, so that texts without any pair are common too.
                text.Append(random.Next(6) == 0 ? alphabet[random.Next(alphabet.Length)] : 'a');
            }

            var utf8 = Encoding.ASCII.GetBytes(text.ToString());
            foreach (var comments in new[] { false, true })
            {
                var expected = LibrarySearches(utf8, comments);
                ClosingCommaOrComment.Contains(utf8, comments).Should().Be(expected, $"'{text}' (comments: {comments})");
                found[expected ? 1 : 0]++;
            }
        }

        found.Should().OnlyContain(count => count > 1000, "both answers were exercised");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(200)]
    public void A_pair_is_found_at_any_offset_including_across_steps(int offset)
    {
        foreach (var pair in new[] { ",}", ",]", "/*", "//" })
        {
            var text = new string('a', offset) + pair + new string('a', 70);
            var utf8 = Encoding.ASCII.GetBytes(text);
            ClosingCommaOrComment.Contains(utf8, comments: true).Should().BeTrue($"{pair} at {offset}");
            ClosingCommaOrComment.Contains(utf8, comments: false).Should().Be(pair[0] == ',', $"{pair} at {offset}");
            ClosingCommaOrComment.Contains(Encoding.ASCII.GetBytes(new string('a', offset) + pair), comments: true).Should().BeTrue($"{pair} ending the text at {offset}");
        }

        ClosingCommaOrComment.Contains(Encoding.ASCII.GetBytes(new string('a', offset) + ",{,[/a/+" + new string('a', 40)), comments: true).Should().BeFalse();
    }
}
