using System.Text.Json;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Local.Brm.Replay.Spill;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// The replay's spilling store keeps the record-store contract across a spill: a spilled record is found again with its
/// version, even when every key shares one hash, and the end-of-run pass yields each key once, newest version first.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SpillingRecordStoreTests : IDisposable
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-11-20T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly string _work = Directory.CreateTempSubdirectory("brm-spill-store-").FullName;
    private DateTimeOffset _now = Noon;

    [Fact]
    public async Task A_spilled_job_is_read_back_equal_with_its_version_and_becomes_live_again()
    {
        using var store = Jobs();
        var job = Finished("job-1");
        (await store.TryWriteAsync("job-1", job, 0, default)).Should().BeTrue();
        (await store.TryWriteAsync("job-1", job, 1, default)).Should().BeTrue();

        store.SpillSettled(Noon);

        store.LiveCount.Should().Be(0);
        var read = await store.GetAsync("job-1", default);
        read!.Value.Version.Should().Be(2);
        Json(read.Value.Record).Should().Be(Json(job));
        store.LiveCount.Should().Be(1);
        (await store.TryWriteAsync("job-1", read.Value.Record, 1, default)).Should().BeFalse("a stale version still loses after a reload");
    }

    [Fact]
    public async Task A_job_that_has_not_finished_or_changed_within_the_window_stays_in_memory()
    {
        using var store = Jobs();
        await store.TryWriteAsync("running", new JobRecord { JobId = "running", LatestStatus = JobStatus.Running }, 0, default);
        _now = Noon.AddMinutes(30);
        await store.TryWriteAsync("recent", Finished("recent"), 0, default);

        store.SpillSettled(Noon.AddMinutes(10));

        store.LiveCount.Should().Be(2);
        store.Statistics.SpilledKeys.Should().Be(0);
    }

    [Fact]
    public async Task Keys_whose_hashes_all_collide_each_find_their_own_spilled_marker()
    {
        using var store = new SpillingRecordStore<EventMarker>(Path.Combine(_work, "markers.spill"), new EventMarkerSpillCodec(), _ => true, () => _now, keyHash: _ => 42);
        for (var i = 0; i < 50; i++)
        {
            await EventMarker.FirstTimeAsync(store, $"runtask#{i}", i % 2 == 0 ? null : i, default);
            if (i % 10 == 9)
            {
                store.SpillSettled(Noon);
            }
        }

        for (var i = 0; i < 50; i++)
        {
            (await EventMarker.FirstTimeAsync(store, $"runtask#{i}", null, default)).Should().BeFalse($"runtask#{i} was marked before it was spilled");
            (await store.GetAsync($"runtask#{i}", default))!.Value.Record.ExpiresAt.Should().Be(i % 2 == 0 ? null : i);
        }

        (await EventMarker.FirstTimeAsync(store, "runtask#new", null, default)).Should().BeTrue();
        (await store.GetAsync("runtask#unknown", default)).Should().BeNull();
    }

    [Fact]
    public async Task The_end_of_run_pass_yields_every_key_once_in_ordinal_order_with_its_newest_version()
    {
        using var store = Jobs(keyHash: _ => 7);
        foreach (var id in new[] { "b", "a", "C", "c" })
        {
            await store.TryWriteAsync(id, Finished(id), 0, default);
        }

        store.SpillSettled(Noon);

        // "a" changes and is spilled again (a newer segment), "c" changes and stays live, "b" is reloaded unchanged.
        await Update(store, "a", job => job.JobName = "a, re-spilled");
        await store.GetAsync("b", default);
        store.SpillSettled(Noon);
        await Update(store, "c", job => job.JobName = "c, live");

        store.LatestInKeyOrder().Select(job => $"{job.JobId}={job.JobName}").Should().Equal("C=", "a=a, re-spilled", "b=", "c=c, live");
    }

    [Fact]
    public async Task The_ledger_line_pass_gives_every_job_the_line_a_full_read_gives()
    {
        using var store = Jobs(keyHash: _ => 7);
        foreach (var id in new[] { "b", "a", "c" })
        {
            await store.TryWriteAsync(id, Filled(id), 0, default);
        }

        store.SpillSettled(Noon);
        await Update(store, "c", job => job.JobName = "c, live");

        var full = store.LatestInKeyOrder().ToList();
        var forLines = store.LatestInKeyOrder(JobRecordSpillCodec.ForLedgerLines).ToList();

        forLines.Select(Line).Should().Equal(full.Select(Line));
        forLines.Select(job => job.JobId).Should().Equal("a", "b", "c");
        forLines[0].Emitted.Should().BeEmpty("a spilled job's emission keys are skipped, not decoded");
        forLines[2].Should().BeSameAs(full[2], "a live job is given as it is");
    }

    [Fact]
    public void The_ledger_line_read_skips_only_the_emission_keys_and_status_reasons()
    {
        var job = Filled("job-1");
        var payload = new System.Buffers.ArrayBufferWriter<byte>();
        new JobRecordSpillCodec().Write(job, payload);
        var unset = typeof(JobRecord).GetProperties()
            .Where(p => p.CanWrite && p.GetValue(job) is null or System.Collections.ICollection { Count: 0 })
            .Select(p => p.Name);
        unset.Should().BeEmpty("the sample sets every member, so that a member the ledger read dropped would show");

        var read = JobRecordSpillCodec.ForLedgerLines.Read("job-1", payload.WrittenSpan);

        var expected = JsonSerializer.SerializeToNode(job, CoreJsonContext.Default.JobRecord)!.AsObject();
        expected.Remove(nameof(JobRecord.Emitted));
        expected.Remove(nameof(JobRecord.StatusReasons));
        var actual = JsonSerializer.SerializeToNode(read, CoreJsonContext.Default.JobRecord)!.AsObject();
        read.Emitted.Should().BeEmpty();
        read.StatusReasons.Should().BeEmpty();
        actual.Remove(nameof(JobRecord.Emitted));
        actual.Remove(nameof(JobRecord.StatusReasons));
        actual.ToJsonString().Should().Be(expected.ToJsonString());
        Line(read).Should().Be(Line(job));
    }

    [Fact]
    public void A_job_with_every_member_set_is_read_back_whole()
    {
        var job = Filled("job-1");
        job.Attempts.Add(new JobAttempt { Key = "#1", StatusReason = "ünïcödé ✓ reason", StartedAt = -5 });
        job.DependsOn.Add(new JobDependency("job-2", null));
        job.StatusFirstSeen[JobStatus.Failed] = long.MaxValue;
        job.Emitted.Add(new string('k', 300));
        Unset(job).Should().BeEmpty("the sample sets every member, so that a member the codec dropped would show");
        job.Attempts.Should().AllSatisfy(attempt => attempt.Key.Should().NotBeNull());
        Unset(job.Attempts[0]).Should().BeEmpty("the first attempt sets every member");

        var read = RoundTrip(job);

        Json(read).Should().Be(Json(job));
        read.Emitted.Comparer.Should().BeSameAs(StringComparer.Ordinal);
        read.StatusReasons.Comparer.Should().BeSameAs(StringComparer.Ordinal);
        read.StatusFirstSeen.Comparer.Should().BeSameAs(StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-ascii-name")]
    [InlineData("ünïcödé ✓")]
    [InlineData("ascii then é")]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(20000)]
    public void Strings_are_spilled_as_their_utf8_bytes_after_their_length_plus_one(object name)
    {
        // ASCII strings take a one-pass path: its bytes must be those of the general UTF-8 one, at every varint length.
        var text = name as string ?? new string('n', (int)name);
        var job = new JobRecord { JobId = "j", JobName = text };
        var payload = new System.Buffers.ArrayBufferWriter<byte>();

        new JobRecordSpillCodec().Write(job, payload);

        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        byte[] expected = [2, (byte)'j', .. Varint(utf8.Length + 1), .. utf8];
        payload.WrittenSpan[..expected.Length].ToArray().Should().Equal(expected);
        RoundTrip(job).JobName.Should().Be(text);
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        for (; value >= 0x80; value >>= 7)
        {
            bytes.Add((byte)(value | 0x80));
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    [Fact]
    public void A_job_with_only_its_id_is_read_back_with_nothing_else_set()
    {
        var job = new JobRecord { JobId = "only-id" };

        var read = RoundTrip(job);

        Json(read).Should().Be(Json(job));
        read.JobName.Should().BeNull();
        read.CreatedAt.Should().BeNull();
        read.HasStatusReasons.Should().BeFalse();
    }

    [Fact]
    public void Emission_keys_kept_in_order_are_read_back_in_order_and_go_on_growing_in_order()
    {
        var job = Finished("job-1");
        foreach (var key in new[] { "status:RUNNING|JobQueue", "placed:arn:task/2|InstanceType", "Z", "é", "status:RUNNABLE" })
        {
            job.EmittedKeys.Add(key); // the ledger's way: the set is not created
        }

        var read = RoundTrip(job);

        read.EmittedKeys.Should().Equal(job.EmittedKeys);
        read.EmittedKeys.Add("placed:arn:task/1|JobQueue").Should().BeTrue();
        read.EmittedKeys.Add("insight").Should().BeFalse("it was written and read back");
        read.Emitted.Should().Equal(new SortedSet<string>([.. job.EmittedKeys, "placed:arn:task/1|JobQueue"], StringComparer.Ordinal));
        read.Emitted.Comparer.Should().BeSameAs(StringComparer.Ordinal);
        Json(RoundTrip(job)).Should().Be(Json(job));
    }

    [Fact]
    public void Emission_keys_of_a_set_in_another_order_are_read_back_in_ordinal_order()
    {
        var job = Finished("job-1");
        job.Emitted = new SortedSet<string>(["b", "B", "a", "A"], StringComparer.OrdinalIgnoreCase) { "c" };

        var read = RoundTrip(job);

        read.Emitted.Should().Equal(new SortedSet<string>(job.Emitted, StringComparer.Ordinal));
        read.Emitted.Comparer.Should().BeSameAs(StringComparer.Ordinal);
    }

    [Fact]
    public void A_damaged_spilled_job_is_an_error_that_says_so()
    {
        var payload = new System.Buffers.ArrayBufferWriter<byte>();
        new JobRecordSpillCodec().Write(Filled("job-1"), payload);
        var bytes = payload.WrittenSpan.ToArray();

        FluentActions.Invoking(() => new JobRecordSpillCodec().Read("job-1", bytes.AsSpan(0, bytes.Length - 3)))
            .Should().Throw<InvalidDataException>().WithMessage("*damaged*");
        FluentActions.Invoking(() => new JobRecordSpillCodec().Read("job-1", [.. bytes, 0]))
            .Should().Throw<InvalidDataException>().WithMessage("*job-1*after its last member*");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>A finished job with every member of the record set.</summary>
    private static JobRecord Filled(string id)
    {
        var job = Finished(id);
        job.JobName = $"{id}-name";
        job.JobDefinition = "definition:3";
        job.ComputeEnvironment = "ondemand";
        job.Platform = "EC2";
        job.ParentJobId = "parent";
        job.ArrayIndex = 4;
        job.ArraySize = 10;
        job.NodeIndex = 1;
        job.FirstObservedAt = 1;
        job.LatestStatus = JobStatus.Running;
        job.LatestStatusAt = 2;
        job.StatusReason = "Essential container in task exited";
        job.StatusReasonAt = 3;
        job.ExpiresAt = 1_000;
        job.Attempts[0] = new JobAttempt
        {
            Key = "arn:aws:ecs:us-east-1:1:task/c/1", TaskArn = "arn:aws:ecs:us-east-1:1:task/c/1", ContainerInstanceArn = "arn:aws:ecs:us-east-1:1:container-instance/c/9",
            LogStreamName = "log/stream", ExitCode = 0, StatusReason = "done", ContainerReason = "exit", StartedAt = 2, StoppedAt = 3,
            InstanceId = "i-1", InstanceType = "m5.large", AvailabilityZone = "us-east-1a", Architecture = "x86_64",
        };
        return job;
    }

    private static string Line(JobRecord job) => JsonSerializer.Serialize(JobLedgerLine.FromRecord(job), CoreJsonContext.Default.JobLedgerLine);

    private SpillingRecordStore<JobRecord> Jobs(Func<string, ulong>? keyHash = null) =>
        new(Path.Combine(_work, "jobs.spill"), new JobRecordSpillCodec(), job => job.TerminalStatus is not null, () => _now, keyHash);

    private static async Task Update(SpillingRecordStore<JobRecord> store, string id, Action<JobRecord> change)
    {
        var current = (await store.GetAsync(id, default))!.Value;
        change(current.Record);
        (await store.TryWriteAsync(id, current.Record, current.Version, default)).Should().BeTrue();
    }

    private static JobRecord Finished(string id)
    {
        var job = new JobRecord { JobId = id, JobQueue = "queue", CreatedAt = 1 };
        job.StatusFirstSeen[JobStatus.Running] = 2;
        job.StatusFirstSeen[JobStatus.Succeeded] = 3;
        job.StatusReasons[JobStatus.Succeeded] = new JobStatusReason(3, "Essential container in task exited");
        job.Attempts.Add(new JobAttempt { Key = "arn:aws:ecs:task/1", ExitCode = 0, StartedAt = 2, StoppedAt = 3 });
        job.DependsOn.Add(new JobDependency("job-0", "SEQUENTIAL"));
        job.Emitted.Add(EmissionKeys.Status(JobStatus.Succeeded));
        job.Emitted.Add(EmissionKeys.Insight);
        return job;
    }

    private static JobRecord RoundTrip(JobRecord job)
    {
        var payload = new System.Buffers.ArrayBufferWriter<byte>();
        new JobRecordSpillCodec().Write(job, payload);
        return new JobRecordSpillCodec().Read(job.JobId, payload.WrittenSpan);
    }

    /// <summary>The writable members of <paramref name="value"/> that are null or empty.</summary>
    private static IEnumerable<string> Unset(object value) =>
        value.GetType().GetProperties()
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && p.GetValue(value) is null or System.Collections.ICollection { Count: 0 })
            .Select(p => p.Name);

    private static string Json(JobRecord job) => JsonSerializer.Serialize(job, CoreJsonContext.Default.JobRecord);
}
