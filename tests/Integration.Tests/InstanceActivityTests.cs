using System.Text.Json;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Local.Brm.Commands;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// What `brm instances` computes per EC2 instance from the registry and the ledger: attempts run and failed, the
/// commonest failure, the lifetime across re-registrations, and attempts that ran on no instance it can name; the
/// same whatever order the records are read in.
/// </summary>
public sealed class InstanceActivityTests
{
    private const long Hour = 3_600_000;
    private const long Start = 1_796_551_200_000; // 2026-12-06T10:00:00Z

    [Fact]
    public void A_host_that_fails_the_jobs_it_is_given_shows_its_failures_and_why()
    {
        var rows = Rows(Inputs());

        var bad = rows["i-0bad"];
        bad.Should().BeEquivalentTo(new
        {
            InstanceType = "g5.xlarge",
            AvailabilityZone = "us-east-1a",
            Architecture = "x86_64",
            ComputeEnvironment = "gpu-spot",
            Registrations = 1,
            Attempts = 5L,
            AttemptsFailed = 5L,
            AttemptsNotStopped = 0L,
            CommonFailure = "CannotPullContainerError: pull image manifest has been retried 5 time(s)",
            CommonFailureCount = 3L,
        });
        bad.FailedShare.Should().Be(1.0);
        bad.Failures.Should().Equal(new Dictionary<string, long>
        {
            ["CannotPullContainerError: pull image manifest has been retried 5 time(s)"] = 3,
            ["exit code 137"] = 1,
            ["Host EC2 (instance i-0bad) terminated."] = 1,
        });

        var good = rows["i-0good"];
        good.Attempts.Should().Be(10);
        good.AttemptsFailed.Should().Be(1);
        good.AttemptsNotStopped.Should().Be(1);
        good.FailedShare.Should().Be(1.0 / 9, "the share is of the attempts that stopped");
        good.CommonFailure.Should().Be("exit code 1");
    }

    [Fact]
    public void A_host_that_fails_far_more_than_its_compute_environment_is_a_suspect_and_the_rest_are_not()
    {
        var rows = Rows(Inputs());

        rows["i-0bad"].FleetFailedShare.Should().BeApproximately(1.5 / 61, 1e-12, "1 of the other hosts' 60 attempts failed (plus half a failure in one more)");
        rows["i-0bad"].Suspect.Should().BeTrue("5 failures in 5 happen by chance about 9 times in a billion at a 2.5 % share");
        rows["i-0gpu1"].FleetFailedShare.Should().BeApproximately(5.5 / 46, 1e-12, "the bad host's 5 of 5 and 0 of the other 40");
        rows["i-0gpu1"].Suspect.Should().BeFalse();
        rows["i-0good"].FleetFailedShare.Should().BeApproximately(0.5 / 2, 1e-12, "the one stopped attempt of the rest of its environment, a success");
        rows["i-0good"].Suspect.Should().BeFalse("one failure is never a suspect");
        rows["i-0again"].FleetFailedShare.Should().BeApproximately(1.5 / 11, 1e-12, "it ran nothing; the rest of its environment ran 10 with 1 failure");
        rows.Values.Count(row => row.Suspect).Should().Be(1);
    }

    [Theory]
    [InlineData(10, 3, 0.1, 0.0701908264)]
    [InlineData(5, 5, 0.5, 0.03125)]
    [InlineData(20, 0, 0.3, 1.0)]
    [InlineData(20, 21, 0.3, 0.0)]
    [InlineData(5000, 3, 0.2, 1.0)]
    [InlineData(10000, 3, 0.5, 1.0)]
    [InlineData(10, 1, 0.1, 0.6513215599)]
    public void The_chance_of_as_many_failures_is_the_binomial_upper_tail(long tries, long failed, double share, double expected)
    {
        FleetComparison.AtLeastByChance(tries, failed, share).Should().BeApproximately(expected, 1e-9);
    }

    [Theory]
    [InlineData(2000, 0.05)]
    [InlineData(400, 0.5)]
    [InlineData(1000, 0.001)]
    public void The_upper_tail_agrees_with_one_minus_the_lower_sum_on_both_sides_of_the_mode(long tries, double share)
    {
        var lower = 0.0;
        var pmf = Math.Pow(1 - share, tries);   // P(X = 0), then P(X = i + 1) from P(X = i)
        for (var failed = 0L; failed <= tries && (lower < 1 - 1e-15 || failed < 10); failed++)
        {
            FleetComparison.AtLeastByChance(tries, failed, share).Should().BeApproximately(1 - lower, 1e-9, $"{failed} failed");
            lower += pmf;
            pmf *= (double)(tries - failed) / (failed + 1) * share / (1 - share);
        }
    }

    [Fact]
    public void An_instance_registered_twice_spans_its_first_registration_to_its_last_deregistration()
    {
        var row = Rows(Inputs())["i-0again"];

        row.Registrations.Should().Be(2);
        row.RegisteredAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(Start));
        row.DeregisteredAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(Start + (5 * Hour)));
        row.LifetimeSeconds.Should().Be(5 * 3600);
        row.Attempts.Should().Be(0);
        row.FailedShare.Should().BeNull("nothing stopped on it");
    }

    [Fact]
    public void An_instance_only_attempts_name_is_listed_with_what_they_say_and_Fargate_and_unknown_hosts_are_counted_apart()
    {
        var activity = Activity(Inputs());
        var rows = Rows(activity);

        var unregistered = rows["i-0before"];
        unregistered.Registrations.Should().Be(0, "it registered before the archive began");
        unregistered.InstanceType.Should().Be("m6i.large");
        unregistered.RegisteredAt.Should().BeNull();
        unregistered.LifetimeSeconds.Should().BeNull();
        unregistered.Attempts.Should().Be(1);

        rows.Keys.Should().BeEquivalentTo("i-0bad", "i-0good", "i-0again", "i-0before", "i-0gpu1", "i-0gpu2", "i-0gpu3");
        activity.Totals.Should().Be(new InstanceActivityTotals(FargateAttempts: 2, UnattributedAttempts: 1));
    }

    [Fact]
    public void The_rows_do_not_depend_on_the_order_the_records_are_read_in()
    {
        var inputs = Inputs();
        var expected = Snapshot(Activity(inputs));

        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var shuffled = inputs.OrderBy(_ => random.Next()).ToList();
            Snapshot(Activity(shuffled)).Should().Be(expected, $"shuffle {seed}");
        }
    }

    private static Dictionary<string, InstanceActivityRow> Rows(List<object> inputs) => Rows(Activity(inputs));

    private static Dictionary<string, InstanceActivityRow> Rows(InstanceActivity activity) => activity.Rows().ToDictionary(row => row.InstanceId);

    private static InstanceActivity Activity(List<object> inputs)
    {
        var activity = new InstanceActivity();
        foreach (var input in inputs)
        {
            switch (input)
            {
                case InstanceRecord registration:
                    activity.Add(registration);
                    break;
                case JobLedgerLine job:
                    activity.Add(job);
                    break;
            }
        }

        return activity;
    }

    private static string Snapshot(InstanceActivity activity) =>
        JsonSerializer.Serialize(activity.Rows().OrderBy(row => row.InstanceId, StringComparer.Ordinal).ToList()) + activity.Totals;

    /// <summary>
    /// A bad GPU host (every attempt fails, mostly pulling the image), a good host (one failure in ten, one attempt
    /// still running), an instance registered twice, one registered before the archive, and attempts elsewhere.
    /// </summary>
    internal static List<object> Inputs()
    {
        var inputs = new List<object>
        {
            Registration("i-0bad", "g5.xlarge", "us-east-1a", "gpu-spot", Start, Start + Hour),
            Registration("i-0good", "m6i.2xlarge", "us-east-1b", "cpu-ondemand", Start, Start + (8 * Hour)),
            Registration("i-0again", "c6g.large", "us-east-1c", "cpu-ondemand", Start + (2 * Hour), Start + (5 * Hour), arn: "again-2"),
            Registration("i-0again", "c6g.large", "us-east-1c", "cpu-ondemand", Start, Start + Hour, arn: "again-1"),
        };
        var pull = "CannotPullContainerError: pull image manifest has been retried 5 time(s)";
        inputs.Add(Job("j1", "gpu-spot", Attempt("i-0bad", exitCode: null, containerReason: pull), Attempt("i-0bad", exitCode: null, containerReason: pull), Attempt("i-0good", exitCode: 0)));
        inputs.Add(Job("j2", "gpu-spot", Attempt("i-0bad", exitCode: null, containerReason: pull)));
        inputs.Add(Job("j3", "gpu-spot", Attempt("i-0bad", exitCode: 137), Attempt("i-0bad", exitCode: null, statusReason: "Host EC2 (instance i-0bad) terminated.")));
        for (var i = 0; i < 7; i++)
        {
            inputs.Add(Job($"ok{i}", "cpu-ondemand", Attempt("i-0good", exitCode: 0)));
        }

        // The bad host's fleet: three GPU hosts that run their jobs, one failure among them.
        for (var host = 1; host <= 3; host++)
        {
            inputs.Add(Registration($"i-0gpu{host}", "g5.xlarge", "us-east-1a", "gpu-spot", Start, Start + (6 * Hour)));
            for (var i = 0; i < 20; i++)
            {
                inputs.Add(Job($"gpu{host}-{i}", "gpu-spot", Attempt($"i-0gpu{host}", exitCode: host == 1 && i == 0 ? 1 : 0)));
            }
        }

        inputs.Add(Job("fails", "cpu-ondemand", Attempt("i-0good", exitCode: 1)));
        inputs.Add(Job("running", "cpu-ondemand", Attempt("i-0good", exitCode: null, stopped: false)));
        inputs.Add(Job("early", "cpu-ondemand", Attempt("i-0before", exitCode: 0, type: "m6i.large")));
        inputs.Add(Job("fargate", "fargate", Attempt("FARGATE", exitCode: 1), Attempt("FARGATE", exitCode: 0)));
        inputs.Add(Job("unjoined", "cpu-ondemand", Attempt(null, exitCode: 0)));
        return inputs;
    }

    private static InstanceRecord Registration(string id, string type, string zone, string environment, long registered, long deregistered, string? arn = null) => new()
    {
        ContainerInstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/cluster/" + (arn ?? id),
        Ec2InstanceId = id,
        InstanceType = type,
        AvailabilityZone = zone,
        Architecture = type.StartsWith("c6g", StringComparison.Ordinal) ? "arm64" : "x86_64",
        ComputeEnvironment = environment,
        RegisteredAt = registered,
        DeregisteredAt = deregistered,
    };

    private static JobLedgerLine Job(string id, string environment, params JobAttempt[] attempts) => new()
    {
        JobId = id,
        ComputeEnvironment = environment,
        Attempts = attempts.Length,
        AttemptDetails = attempts,
    };

    private static JobAttempt Attempt(string? instance, int? exitCode, string? containerReason = null, string? statusReason = null, bool stopped = true, string? type = null) => new()
    {
        Key = Guid.NewGuid().ToString(),
        InstanceId = instance,
        InstanceType = type,
        ExitCode = exitCode,
        ContainerReason = containerReason,
        StatusReason = statusReason ?? (stopped ? "Essential container in task exited" : null),
        StartedAt = Start,
        StoppedAt = stopped ? Start + 60_000 : null,
    };
}
