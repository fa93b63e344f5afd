using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Local.Brm.Commands;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>When `brm jobs --since/--until` holds a job alive, from what the ledger kept of it.</summary>
public sealed class JobLifetimeTests
{
    private static readonly DateTimeOffset Ten = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_job_lives_from_its_creation_to_its_last_attempts_stop()
    {
        var job = new JobLedgerLine { JobId = "a", Status = JobStatus.Succeeded, CreatedAt = Ms(Ten), StoppedAt = Ms(Ten.AddMinutes(30)) };

        var life = JobLifetime.Of(job);

        life.Should().Be(new JobLifetime(Ten, Ten.AddMinutes(30)));
        life.Overlaps(Ten.AddMinutes(29), null).Should().BeTrue();
        life.Overlaps(Ten.AddMinutes(31), null).Should().BeFalse();
        life.Overlaps(null, Ten.AddSeconds(-1)).Should().BeFalse();
        life.Overlaps(Ten.AddMinutes(-5), Ten).Should().BeTrue("both ends are in the window");
    }

    [Fact]
    public void Without_createdAt_or_a_stop_the_statuses_first_seen_bound_it()
    {
        // A job that failed on a dependency never ran: no attempt, no stop.
        var job = new JobLedgerLine
        {
            JobId = "b",
            Status = JobStatus.Failed,
            StatusFirstSeen = new Dictionary<string, long> { [JobStatus.Pending] = Ms(Ten.AddMinutes(1)), [JobStatus.Submitted] = Ms(Ten), [JobStatus.Failed] = Ms(Ten.AddMinutes(7)) },
        };

        JobLifetime.Of(job).Should().Be(new JobLifetime(Ten, Ten.AddMinutes(7)));
    }

    [Fact]
    public void A_retried_job_still_running_has_no_end_and_a_finished_one_ends_at_its_latest_stop()
    {
        // Attempts are kept in task-ARN order, not in time: the latest stop need not be the last attempt's.
        JobAttempt Attempt(string key, int minutes) => new() { Key = key, StartedAt = Ms(Ten), StoppedAt = Ms(Ten.AddMinutes(minutes)) };
        var running = new JobLedgerLine { JobId = "r", Status = JobStatus.Running, CreatedAt = Ms(Ten), StoppedAt = Ms(Ten.AddMinutes(30)), AttemptDetails = [Attempt("a", 30)] };
        var finished = new JobLedgerLine { JobId = "f", Status = JobStatus.Failed, CreatedAt = Ms(Ten), StoppedAt = Ms(Ten.AddMinutes(30)), AttemptDetails = [Attempt("b", 90), Attempt("c", 30)] };

        JobLifetime.Of(running).End.Should().BeNull("its first attempt stopped, the job did not");
        JobLifetime.Of(running).Overlaps(Ten.AddHours(1), null).Should().BeTrue();
        JobLifetime.Of(finished).End.Should().Be(Ten.AddMinutes(90));
    }

    [Fact]
    public void A_job_still_queued_when_the_replay_ended_has_no_end_and_one_with_no_time_is_in_no_window()
    {
        var waiting = JobLifetime.Of(new JobLedgerLine { JobId = "c", Status = JobStatus.Runnable, CreatedAt = Ms(Ten) });
        var timeless = JobLifetime.Of(new JobLedgerLine { JobId = "d", Status = JobStatus.Runnable });

        waiting.End.Should().BeNull();
        waiting.Overlaps(Ten.AddDays(3), null).Should().BeTrue();
        timeless.Overlaps(null, null).Should().BeFalse();
        timeless.Overlaps(Ten, Ten.AddHours(1)).Should().BeFalse();
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
