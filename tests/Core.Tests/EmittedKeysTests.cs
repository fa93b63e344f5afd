using System.Text.Json;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// <see cref="JobRecord.EmittedKeys"/> keeps a job's emission keys as an ordered array until the stored
/// <see cref="JobRecord.Emitted"/> set is asked for: every lookup, add and enumeration must give what the ordinal
/// set gave, before and after the set is created, and the record's JSON (the DynamoDB mapping) must not change.
/// </summary>
public class EmittedKeysTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Adds_and_lookups_answer_as_an_ordinal_sorted_set_does(int seed)
    {
        var random = new Random(seed);
        var pool = Enumerable.Range(0, 80).Select(_ => RandomKey(random)).ToArray();
        var keys = new JobRecord { JobId = "j" }.EmittedKeys;
        var reference = new SortedSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 400; i++)
        {
            var key = pool[random.Next(pool.Length)];
            keys.Contains(key).Should().Be(reference.Contains(key));
            keys.Add(key).Should().Be(reference.Add(key), "add {0} of {1}", i, key);
            keys.Count.Should().Be(reference.Count);
        }

        keys.Should().Equal(reference, "enumerated in ordinal order");
    }

    [Fact]
    public void The_set_once_asked_for_holds_the_keys_and_sees_later_adds_both_ways()
    {
        var job = new JobRecord { JobId = "j" };
        job.EmittedKeys.Add("status:RUNNING|JobQueue");
        job.EmittedKeys.Add("insight");
        job.EmittedKeys.Add("Z");

        var set = job.Emitted;
        set.Should().Equal("Z", "insight", "status:RUNNING|JobQueue");
        set.Comparer.Should().BeSameAs(StringComparer.Ordinal);

        job.EmittedKeys.Add("a").Should().BeTrue();
        set.Add("b");
        job.Emitted.Should().BeSameAs(set);
        set.Should().Contain("a");
        job.EmittedKeys.Contains("b").Should().BeTrue();
        job.EmittedKeys.Add("b").Should().BeFalse();
        job.EmittedKeys.Should().Equal("Z", "a", "b", "insight", "status:RUNNING|JobQueue");
    }

    [Fact]
    public void A_new_set_assigned_is_a_new_key_instance_with_its_keys()
    {
        var job = new JobRecord { JobId = "j" };
        job.EmittedKeys.Add("old");
        var before = job.EmittedKeys;

        job.Emitted = new SortedSet<string>(StringComparer.Ordinal) { "new" };

        job.EmittedKeys.Should().NotBeSameAs(before, "what was found counted in the old keys is not valid for the new ones");
        job.EmittedKeys.Should().Equal("new");
        job.EmittedKeys.Contains("old").Should().BeFalse();
    }

    [Fact]
    public void Keys_given_in_order_are_taken_and_others_sorted_without_repeats()
    {
        EmittedKeys.Of(["a", "b", "c"]).Should().Equal("a", "b", "c");
        EmittedKeys.Of(["c", "a", "b", "a"]).Should().Equal("a", "b", "c");
        EmittedKeys.Of([]).Should().BeEmpty();
        var withNull = () => EmittedKeys.Of(["a", null!]);
        withNull.Should().Throw<ArgumentNullException>();

        var taken = EmittedKeys.Of(["b", "d"]);
        taken.Add("c").Should().BeTrue();
        taken.Add("a").Should().BeTrue();
        taken.Add("e").Should().BeTrue();
        taken.Should().Equal("a", "b", "c", "d", "e");
    }

    [Fact]
    public void Ordinal_order_holds_for_case_and_characters_beyond_ascii()
    {
        string[] keys = ["é", "e", "E", "😀", "Ω", "z", "", "e\u0301", "a|b", "a,b"];
        var emitted = new JobRecord { JobId = "j" }.EmittedKeys;
        foreach (var key in keys)
        {
            emitted.Add(key);
        }

        emitted.Should().Equal(new SortedSet<string>(keys, StringComparer.Ordinal));
    }

    [Fact]
    public void A_record_serializes_as_when_its_keys_were_added_to_the_set()
    {
        var viaKeys = new JobRecord { JobId = "j", JobQueue = "q" };
        var viaSet = new JobRecord { JobId = "j", JobQueue = "q" };
        foreach (var key in new[] { "status:SUCCEEDED", "placed:arn:task/1|JobQueue", "insight", "status:RUNNABLE" })
        {
            viaKeys.EmittedKeys.Add(key);
            viaSet.Emitted.Add(key);
        }

        var json = JsonSerializer.Serialize(viaKeys, CoreJsonContext.Default.JobRecord);
        json.Should().Be(JsonSerializer.Serialize(viaSet, CoreJsonContext.Default.JobRecord));
        json.Should().NotContain("EmittedKeys");

        var read = JsonSerializer.Deserialize(json, CoreJsonContext.Default.JobRecord)!;
        read.EmittedKeys.Should().Equal(viaSet.Emitted);
        read.EmittedKeys.Add("status:RUNNABLE").Should().BeFalse();
    }

    private static string RandomKey(Random random)
    {
        var chars = "abAB|:,é😀-".ToCharArray();
        return new string(Enumerable.Range(0, random.Next(0, 6)).Select(_ => chars[random.Next(chars.Length)]).ToArray());
    }
}
