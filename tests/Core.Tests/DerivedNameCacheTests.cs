using BatchRuntimeMonitor.Core.Naming;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// The cache returns what its derivation returns for the text, whichever instance carries it: found by identity,
/// by equal text in another instance, after a colliding input took the slot, or past the cached length.
/// </summary>
public class DerivedNameCacheTests
{
    [Fact]
    public void Equal_text_in_another_instance_gets_the_same_name_without_deriving_again()
    {
        var derived = 0;
        var cache = new DerivedNameCache(text => { derived++; return BatchNames.NameFromArn(text); });
        var first = "arn:aws:batch:us-east-1:123456789012:job-queue/q1";
        var copy = new string(first.AsSpan());

        var name = cache.Get(first);

        cache.Get(first).Should().BeSameAs(name);
        cache.Get(copy).Should().BeSameAs(name, "equal text is found by its text");
        cache.Get(copy).Should().BeSameAs(name, "and then by the instance");
        derived.Should().Be(1);
        name.Should().Be("q1");
    }

    [Fact]
    public void Every_input_gets_the_name_of_its_own_text_whatever_came_before()
    {
        var cache = new DerivedNameCache(BatchNames.NameFromArn);
        var inputs = Enumerable.Range(0, 5000).Select(i => $"arn:aws:batch:us-east-1:123456789012:job-queue/queue-{i % 3000}").ToArray();

        // More inputs than slots, each seen as several instances: collisions and replaced entries only cost misses.
        for (var round = 0; round < 3; round++)
        {
            foreach (var input in inputs)
            {
                var text = round == 1 ? new string(input.AsSpan()) : input;
                cache.Get(text).Should().Be(BatchNames.NameFromArn(input));
            }
        }
    }

    [Fact]
    public void Null_is_null_and_a_long_input_is_derived_each_time()
    {
        var cache = new DerivedNameCache(BatchNames.NameFromArn);
        var longInput = "arn:aws:batch:us-east-1:123456789012:job-queue/" + new string('q', 600);

        cache.Get(null).Should().BeNull();
        cache.Get(longInput).Should().Be(new string('q', 600));
        cache.Get(longInput).Should().Be(new string('q', 600));
    }
}
