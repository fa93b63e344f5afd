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

    public void Dispose() => Directory.Delete(_work, recursive: true);

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

    private static string Json(JobRecord job) => JsonSerializer.Serialize(job, CoreJsonContext.Default.JobRecord);
}
