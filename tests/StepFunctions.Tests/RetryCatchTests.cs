using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class RetryCatchTests
{
    private static string FailingTask(string handling) =>
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:test\"," + handling + ",\"End\":true},"
        + "\"Handler\":{\"Type\":\"Pass\",\"End\":true}}}";

    /// <summary>Fails the first <paramref name="failures"/> calls with the error, then returns {"ok":true}; records call times.</summary>
    private static (FakeInvoker Invoker, List<double> Seconds) Flaky(string error, int failures)
    {
        var seconds = new List<double>();
        var calls = 0;
        var invoker = new FakeInvoker(i =>
        {
            seconds.Add((i.Now - Sfn.Epoch).TotalSeconds);
            return ++calls <= failures ? throw new StatesErrorException(error, "boom") : new JsonObject { ["ok"] = true };
        });
        return (invoker, seconds);
    }

    [Fact]
    public void Defaults_retry_three_times_with_interval_1_and_backoff_2()
    {
        var (invoker, seconds) = Flaky("Custom.Error", 10);
        var result = Sfn.Run(FailingTask("\"Retry\":[{\"ErrorEquals\":[\"Custom.Error\"]}]"), invoker: invoker);
        result.Error.Should().Be("Custom.Error");
        result.Cause.Should().Be("boom");
        seconds.Should().Equal(0, 1, 3, 7);
    }

    [Fact]
    public void Succeeds_once_a_retry_works_and_RetryCount_is_visible()
    {
        var calls = 0;
        var invoker = new FakeInvoker(_ => ++calls < 3 ? throw new StatesErrorException("E", "x") : new JsonObject());
        var definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:test","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":2,"BackoffRate":1}],
              "ResultSelector":{"retries.$":"$$.State.RetryCount"},"End":true}}}
            """;
        Sfn.Run(definition, invoker: invoker).ShouldSucceedWith("{\"retries\":2}");
    }

    [Fact]
    public void MaxAttempts_zero_never_retries()
    {
        var (invoker, seconds) = Flaky("E", 10);
        Sfn.Run(FailingTask("\"Retry\":[{\"ErrorEquals\":[\"E\"],\"MaxAttempts\":0}]"), invoker: invoker);
        seconds.Should().Equal(0);
    }

    [Fact]
    public void MaxDelaySeconds_caps_the_backoff()
    {
        var (invoker, seconds) = Flaky("E", 10);
        Sfn.Run(FailingTask("\"Retry\":[{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":3,\"BackoffRate\":3,\"MaxAttempts\":4,\"MaxDelaySeconds\":10}]"), invoker: invoker);
        // Delays 3, 9, then 27 and 81 capped at 10.
        seconds.Should().Equal(0, 3, 12, 22, 32);
    }

    [Fact]
    public void Full_jitter_is_deterministic_with_a_seed_and_never_exceeds_the_backoff()
    {
        double[] Run()
        {
            var (invoker, seconds) = Flaky("E", 10);
            Sfn.Run(FailingTask("\"Retry\":[{\"ErrorEquals\":[\"E\"],\"IntervalSeconds\":4,\"JitterStrategy\":\"FULL\"}]"), invoker: invoker, options: new ExecutionContextOptions { RandomSeed = 11 });
            return seconds.ToArray();
        }

        var first = Run();
        first.Should().Equal(Run());
        var delays = first.Zip(first.Skip(1), (a, b) => b - a).ToArray();
        delays.Should().HaveCount(3);
        delays[0].Should().BeInRange(0, 4);
        delays[1].Should().BeInRange(0, 8);
        delays[2].Should().BeInRange(0, 16);
    }

    [Fact]
    public void Each_retrier_counts_its_own_attempts_and_the_first_match_wins()
    {
        var errors = new Queue<string>(["A", "B", "A", "B", "A"]);
        var invoker = new FakeInvoker(_ => errors.Count > 0 ? throw new StatesErrorException(errors.Dequeue(), "x") : new JsonObject());
        var result = Sfn.Run(FailingTask("\"Retry\":[{\"ErrorEquals\":[\"A\"],\"MaxAttempts\":2},{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":5}]"), invoker: invoker);
        result.Error.Should().Be("A", "the third A exceeds the first retrier's 2 attempts");
        invoker.Calls.Should().HaveCount(5);
    }

    [Fact]
    public void Catch_routes_to_Next_with_the_error_object_at_ResultPath()
    {
        var (invoker, _) = Flaky("DynamoDB.ConditionalCheckFailedException", 1);
        var result = Sfn.Run(FailingTask("\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.error\",\"Next\":\"Handler\"}]"), "{\"in\":1}", invoker);
        result.ShouldSucceedWith("""{"in":1,"error":{"Error":"DynamoDB.ConditionalCheckFailedException","Cause":"boom"}}""");
        result.StatesEntered.Should().Equal("T", "Handler");
    }

    [Fact]
    public void Catch_without_ResultPath_replaces_the_input_with_the_error()
    {
        var (invoker, _) = Flaky("E", 1);
        Sfn.Run(FailingTask("\"Catch\":[{\"ErrorEquals\":[\"E\"],\"Next\":\"Handler\"}]"), "{\"in\":1}", invoker)
            .ShouldSucceedWith("""{"Error":"E","Cause":"boom"}""");
    }

    [Fact]
    public void Retry_runs_before_catch()
    {
        var (invoker, seconds) = Flaky("E", 10);
        Sfn.Run(FailingTask("\"Retry\":[{\"ErrorEquals\":[\"E\"],\"MaxAttempts\":2}],\"Catch\":[{\"ErrorEquals\":[\"E\"],\"Next\":\"Handler\"}]"), invoker: invoker)
            .Status.Should().Be("SUCCEEDED");
        seconds.Should().HaveCount(3);
    }

    [Theory]
    [InlineData("States.ALL", "Any.Error", true)]
    [InlineData("States.ALL", "States.Timeout", true)]
    [InlineData("States.TaskFailed", "Any.Error", true)]
    [InlineData("States.TaskFailed", "States.Timeout", false)]
    [InlineData("States.ALL", "States.Runtime", false)]
    [InlineData("States.Runtime", "States.Runtime", false)]
    [InlineData("Other", "Any.Error", false)]
    public void Error_matching_follows_the_AWS_rules(string errorEquals, string error, bool caught)
    {
        var (invoker, _) = Flaky(error, 1);
        var result = Sfn.Run(FailingTask($"\"Catch\":[{{\"ErrorEquals\":[\"{errorEquals}\"],\"Next\":\"Handler\"}}]"), invoker: invoker);
        (result.Status == "SUCCEEDED").Should().Be(caught);
    }

    [Fact]
    public void A_path_error_in_Parameters_is_not_caught_by_States_ALL()
    {
        var definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:test","Parameters":{"x.$":"$.missing"},
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}
            """;
        Sfn.Run(definition, invoker: new FakeInvoker(_ => null)).Error.Should().Be("States.Runtime");
    }

    [Fact]
    public void Unknown_resource_fails_naming_the_resource()
    {
        var result = Sfn.Run(FailingTask("\"Comment\":\"x\""));
        result.Error.Should().Be("States.TaskFailed");
        result.Cause.Should().Contain("arn:test").And.Contain("'T'");
    }

    [Fact]
    public void TimeoutSeconds_fails_with_States_Timeout_when_virtual_time_passes_it()
    {
        var clock = new InstantClock(Sfn.Epoch);
        var slow = new FakeInvoker(_ =>
        {
            clock.WaitUntilAsync(clock.Now.AddSeconds(100), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return new JsonObject();
        });
        Sfn.Run(FailingTask("\"TimeoutSeconds\":10,\"HeartbeatSeconds\":5"), invoker: slow, clock: clock).Error.Should().Be("States.Timeout");
    }
}
