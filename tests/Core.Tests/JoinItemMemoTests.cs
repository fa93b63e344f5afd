using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// A join item whose bytes were read before for the same instance is not read again (JoinItemMemo, inside the
/// event readers): every item must still read as the item read on its own does, whatever came before it, and what a
/// read returns must be its own.
/// </summary>
public class JoinItemMemoTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce1-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/0f0e1d2c3b4a59687766554433221100";
    private const string OtherArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce1-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/aaaa";

    [Fact]
    public void Items_seen_again_changed_and_again_each_read_as_the_item_read_on_its_own()
    {
        var bodies = new List<string>();
        void Add(string arn, string? item) => bodies.Add(Body(arn, item));

        var item = Item(Arn).ToJsonString();
        Add(Arn, item);
        Add(Arn, item);
        Add(OtherArn, Item(OtherArn).ToJsonString());
        Add(Arn, item); // after another instance's item
        Add(Arn, Changed(i => i["DeregisteredAt"] = N("1700000900000"))); // longer
        Add(Arn, item); // back to the first bytes
        Add(Arn, Changed(i => i.Remove("Ec2InstanceId"))); // shorter
        Add(Arn, Changed(i => i["InstanceType"] = S("m6g.small"))); // the same length
        Add(Arn, Changed(i => i["InstanceType"] = S("m6g.small"))); // and again
        Add(Arn, item.Replace(":{\"S\":", ": {\"S\":", StringComparison.Ordinal)); // the same item written otherwise
        Add(Arn, Changed(i => i["ContainerInstanceArn"] = S(OtherArn))); // naming another instance than the join
        Add(Arn, Changed(i => i.Remove("ContainerInstanceArn"))); // no key: no instance
        Add(Arn, Changed(i => i.Remove("ContainerInstanceArn")));
        Add(Arn, "\"not an item\"");
        Add(Arn, "null");
        Add(Arn, item);
        Add(Arn, Changed(i => i["InstanceType"] = N("5"))); // another type reads as unknown
        bodies.Add(Body(Arn, item).Replace("\"item\":", "\"extra\":{\"item\":[1]},\"item\":", StringComparison.Ordinal));
        bodies.Add(Body(Arn, item).Replace("\"containerInstanceArn\":\"" + Arn + "\",", "", StringComparison.Ordinal)); // the ARN missing
        bodies.Add(MoveArnAfterItem(Body(Arn, item))); // the ARN after the item: read without the key

        foreach (var body in bodies)
        {
            ReadItem(body).Should().Be(ReadOnItsOwn(body), $"the body {body} carries that item");
        }
    }

    [Fact]
    public void A_broken_item_after_a_good_one_is_rejected_as_read_on_its_own()
    {
        var item = Item(Arn).ToJsonString();
        var good = Body(Arn, item);
        ReadItem(good);

        // The remembered item's bytes but its closing brace, then a bracket: the record is not JSON after all.
        var broken = good.Replace(item, item[..^1] + "]", StringComparison.Ordinal);
        var read = () => BatchJobEventReader.Read(PipelineRecordReader.Parse(broken));
        read.Should().Throw<RecordRejectedException>();

        // The remembered item followed by what cannot follow it.
        var trailing = good.Replace(item, item + "}", StringComparison.Ordinal);
        var readTrailing = () => BatchJobEventReader.Read(PipelineRecordReader.Parse(trailing));
        readTrailing.Should().Throw<RecordRejectedException>();

        ReadItem(good).Should().Be(ReadOnItsOwn(good));
    }

    [Fact]
    public void What_a_read_returns_is_its_own()
    {
        var body = Body(Arn, Item(Arn).ToJsonString());
        var first = BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item!;
        first.InstanceType = "changed by the first reader";
        first.CountedSets.Add("RegisterContainerInstance|InstanceType");

        var second = BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item!;

        second.Should().NotBeSameAs(first);
        second.InstanceType.Should().Be("m6g.large");
        second.CountedSets.Should().BeEmpty("a join item is read without its bookkeeping");
    }

    [Fact]
    public void Reads_of_the_same_bytes_share_one_record_while_nobody_changes_it()
    {
        var body = Body(Arn, Item(Arn).ToJsonString());
        var first = BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item!;
        var second = BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item!;

        second.Should().BeSameAs(first, "an unchanged item is read once and shared");
        Values(second).Should().Be(ValuesOnItsOwn(body));
    }

    public static TheoryData<string> InstanceRecordProperties()
    {
        var data = new TheoryData<string>();
        foreach (var property in typeof(InstanceRecord).GetProperties().Where(p => p.CanWrite))
        {
            data.Add(property.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InstanceRecordProperties))]
    public void A_shared_record_changed_in_any_member_is_not_handed_to_the_next_read(string propertyName)
    {
        var body = Body(Arn, Item(Arn).ToJsonString());
        var first = BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item!;
        BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item.Should().BeSameAs(first);
        var property = typeof(InstanceRecord).GetProperty(propertyName)!;
        var before = Values(first);
        property.SetValue(first, OtherValue(property.PropertyType, property.GetValue(first))); // init-only too: reflection can
        Values(first).Should().NotBe(before, "the change must be one the record shows");

        var second = BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item!;

        second.Should().NotBeSameAs(first);
        Values(second).Should().Be(ValuesOnItsOwn(body), "the change to {0} stays with the message that made it", propertyName);
        BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item.Should().BeSameAs(second, "the fresh copy is shared in its turn");
    }

    [Fact]
    public void Reading_the_counted_sets_of_a_shared_record_is_a_change_too()
    {
        var body = Body(Arn, Item(Arn).ToJsonString());
        var first = BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item!;
        _ = first.CountedSets; // creates the set, which a reader could then fill

        var second = BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item!;

        second.Should().NotBeSameAs(first);
        second.CountedSets.Should().BeEmpty();
    }

    [Fact]
    public void More_instances_than_the_memo_keeps_still_read_as_their_items()
    {
        var arns = Enumerable.Range(0, 1500).Select(i => $"{Arn[..^4]}{i:x4}").ToList();
        foreach (var arn in arns.Concat(arns.Take(10)))
        {
            var body = Body(arn, Item(arn).ToJsonString());
            ReadItem(body).Should().Be(ReadOnItsOwn(body));
        }
    }

    [Fact]
    public void Task_records_read_their_join_items_the_same_way()
    {
        var task = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-ecs-task-batch-stopped.json")))!.AsObject();
        var arn = task["detail"]!["containerInstanceArn"]!.GetValue<string>();
        var item = Item(arn).ToJsonString();
        foreach (var itemText in new[] { item, item, Changed(i => i["AvailabilityZone"] = S("us-east-1c"), arn), item })
        {
            var body = PipelineJson.Record(RecordKind.TaskStateChange, task, PipelineJson.Join(arn, (JsonObject)JsonNode.Parse(itemText)!)).ToJsonString();
            var read = EcsTaskEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item;
            Json(read).Should().Be(ReadOnItsOwn(body));
        }
    }

    private static object OtherValue(Type type, object? current) => type switch
    {
        _ when type == typeof(string) => "changed by a reader",
        _ when type == typeof(double?) => 97.5,
        _ when type == typeof(long?) => 42L + (current as long? ?? 0),
        _ when type == typeof(bool) => !(bool)current!,
        _ when type == typeof(SortedSet<string>) => new SortedSet<string>(StringComparer.Ordinal) { "job-added-by-a-reader" },
        _ => throw new InvalidOperationException($"no other value for {type} (a new member of InstanceRecord: give it one here)"),
    };

    /// <summary>
    /// Every member's value, read without creating <see cref="InstanceRecord.CountedSets"/> (serializing reads that
    /// property, which creates the set: a change the memo would rightly see).
    /// </summary>
    private static string Values(InstanceRecord record)
    {
        var countedSets = (SortedSet<string>?)typeof(InstanceRecord).GetField("_countedSets", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(record);
        return string.Join(
            "; ",
            typeof(InstanceRecord).GetProperties()
                .Where(p => p.Name != nameof(InstanceRecord.CountedSets))
                .Select(p => p.Name + "=" + (p.GetValue(record) is SortedSet<string> set ? string.Join(",", set) : p.GetValue(record)))
                .Append("CountedSets=" + (countedSets is null ? "none" : string.Join(",", countedSets))));
    }

    private static string ValuesOnItsOwn(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonNode.Parse(body)!["join"]!["item"]!.ToJsonString());
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        return Values(InstanceItemJsonConverter.ReadItem(ref reader, bookkeeping: false)!);
    }

    private static string ReadItem(string body) => Json(BatchJobEventReader.Read(PipelineRecordReader.Parse(body)).Join!.Item);

    /// <summary>The item's own bytes read by the converter, as a join reads it (without the registry's bookkeeping).</summary>
    private static string ReadOnItsOwn(string body)
    {
        var item = JsonNode.Parse(body)!["join"]!["item"];
        var bytes = Encoding.UTF8.GetBytes(item is null ? "null" : item.ToJsonString());
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        return Json(reader.TokenType == JsonTokenType.Null ? null : InstanceItemJsonConverter.ReadItem(ref reader, bookkeeping: false));
    }

    private static string Json(InstanceRecord? record) =>
        record is null ? "no instance" : JsonSerializer.Serialize(record, CoreJsonContext.Default.InstanceRecord);

    private static string Body(string arn, string? item)
    {
        var body = PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/aws-batch-runtime-monitoring-ecsproperties-running.json"), PipelineJson.Join(arn, new JsonObject { ["placeholder"] = 1 })).ToJsonString();
        return body.Replace("{\"placeholder\":1}", item ?? "null", StringComparison.Ordinal);
    }

    private static string MoveArnAfterItem(string body)
    {
        var member = "\"containerInstanceArn\":\"" + Arn + "\",";
        return body.Replace(member, "", StringComparison.Ordinal)[..^2] + ",\"containerInstanceArn\":\"" + Arn + "\"}}";
    }

    private static string Changed(Action<JsonObject> change, string arn = Arn)
    {
        var item = Item(arn);
        change(item);
        return item.ToJsonString();
    }

    private static JsonObject Item(string arn) => new()
    {
        ["ContainerInstanceArn"] = S(arn),
        ["Ec2InstanceId"] = S("i-0123"),
        ["InstanceType"] = S("m6g.large"),
        ["AvailabilityZone"] = S("us-east-1b"),
        ["Architecture"] = S("arm64"),
        ["ComputeEnvironment"] = S("ce1"),
        ["RegisteredVcpus"] = N("2"),
        ["RegisteredAt"] = N("1700000000000"),
        ["RegistrationCounted"] = new JsonObject { ["BOOL"] = true },
        ["CountedSets"] = new JsonObject { ["SS"] = new JsonArray("RegisterContainerInstance|InstanceType") },
    };

    private static JsonObject S(string value) => new() { ["S"] = value };

    private static JsonObject N(string value) => new() { ["N"] = value };
}
