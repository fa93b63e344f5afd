using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class WaitAndClockTests
{
    private static string WaitThenStamp(string waitFields) =>
        "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\"," + waitFields + ",\"Next\":\"S\"},"
        + "\"S\":{\"Type\":\"Pass\",\"Parameters\":{\"at.$\":\"$$.State.EnteredTime\"},\"End\":true}}}";

    [Theory]
    [InlineData("\"Seconds\":90", "{}", "2024-01-01T00:01:30.000Z")]
    [InlineData("\"SecondsPath\":\"$.s\"", "{\"s\":5}", "2024-01-01T00:00:05.000Z")]
    [InlineData("\"Timestamp\":\"2024-01-02T00:00:00Z\"", "{}", "2024-01-02T00:00:00.000Z")]
    [InlineData("\"TimestampPath\":\"$.t\"", "{\"t\":\"2024-01-01T10:00:00Z\"}", "2024-01-01T10:00:00.000Z")]
    [InlineData("\"Timestamp\":\"2023-01-01T00:00:00Z\"", "{}", "2024-01-01T00:00:00.000Z")]
    public void Waits_on_virtual_time_without_sleeping(string fields, string input, string expectedTime)
    {
        var clock = new InstantClock(Sfn.Epoch);
        var started = DateTime.UtcNow;
        Sfn.Run(WaitThenStamp(fields), input, clock: clock).ShouldSucceedWith($"{{\"at\":\"{expectedTime}\"}}");
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void SecondsPath_to_a_non_number_fails_with_States_Runtime_naming_the_path()
    {
        var result = Sfn.Run(WaitThenStamp("\"SecondsPath\":\"$.s\""), "{\"s\":\"x\"}");
        result.Error.Should().Be("States.Runtime");
        result.Cause.Should().Contain("'W'").And.Contain("$.s");
    }

    [Fact]
    public async Task Scheduled_clock_parks_an_execution_until_advanced()
    {
        var clock = new ScheduledClock(Sfn.Epoch);
        var running = Sfn.RunAsync(WaitThenStamp("\"Seconds\":10"), clock: clock);
        running.IsCompleted.Should().BeFalse();
        clock.NextWakeTime.Should().Be(Sfn.Epoch.AddSeconds(10));

        clock.AdvanceTo(Sfn.Epoch.AddSeconds(9));
        running.IsCompleted.Should().BeFalse();

        clock.AdvanceTo(Sfn.Epoch.AddSeconds(10));
        running.IsCompleted.Should().BeTrue("the continuation runs synchronously inside AdvanceTo");
        (await running).ShouldSucceedWith("{\"at\":\"2024-01-01T00:00:10.000Z\"}");
        clock.NextWakeTime.Should().BeNull();
    }

    [Fact]
    public void Scheduled_clock_wakes_executions_in_wake_time_order_on_the_advancing_thread()
    {
        var clock = new ScheduledClock(Sfn.Epoch);
        var order = new List<string>();
        var threads = new HashSet<int>();
        var recorder = new FakeInvoker(i =>
        {
            order.Add(i.Parameters!["id"]!.GetValue<string>() + "@" + (i.Now - Sfn.Epoch).TotalSeconds);
            threads.Add(Environment.CurrentManagedThreadId);
            return null;
        });
        string Definition(int seconds) =>
            "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":" + seconds + ",\"Next\":\"T\"},"
            + "\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:test\",\"Parameters\":{\"id.$\":\"$.id\"},\"ResultPath\":null,\"Next\":\"W2\"},"
            + "\"W2\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"T2\"},"
            + "\"T2\":{\"Type\":\"Task\",\"Resource\":\"arn:test\",\"Parameters\":{\"id.$\":\"$.id\"},\"End\":true}}}";

        var executions = new[] { ("a", 5), ("b", 2), ("c", 5), ("d", 3) }
            .Select(e => Sfn.RunAsync(Definition(e.Item2), $"{{\"id\":\"{e.Item1}\"}}", recorder, clock))
            .ToArray();
        threads.Add(Environment.CurrentManagedThreadId);
        clock.RunUntilIdle();

        executions.Should().OnlyContain(t => t.IsCompletedSuccessfully && t.Result.Status == "SUCCEEDED");
        // Ties wake in the order they parked: d parked for t=3 before b did.
        order.Should().Equal("b@2", "d@3", "b@3", "d@4", "a@5", "c@5", "a@6", "c@6");
        threads.Should().ContainSingle("no execution hops to another thread");
    }

    [Fact]
    public async Task Other_work_can_happen_while_an_execution_is_parked()
    {
        var clock = new ScheduledClock(Sfn.Epoch);
        var services = new LocalServices(options: new LocalServicesOptions { IncludeSdkMetadata = false });
        var tables = (InMemoryDynamoDbTables)services.Tables;
        tables.CreateTable("instances", "Arn");
        var definition = """
            {"StartAt":"Get","States":{
              "Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"instances","Key":{"Arn":{"S":"i-1"}}},"ResultPath":"$.join","Next":"Found"},
              "Found":{"Type":"Choice","Choices":[{"Variable":"$.join.Item","IsPresent":true,"Next":"Done"}],"Default":"Wait"},
              "Wait":{"Type":"Wait","Seconds":30,"Next":"Get"},
              "Done":{"Type":"Succeed"}}}
            """;
        var running = Sfn.RunAsync(definition, "{}", services, clock);
        running.IsCompleted.Should().BeFalse();

        // The registration event arrives while the execution waits; the retry after the wait sees it.
        tables.PutItem("instances", (JsonObject)JsonNode.Parse("""{"Arn":{"S":"i-1"},"Type":{"S":"m5.large"}}""")!);
        clock.AdvanceTo(Sfn.Epoch.AddMinutes(1));
        var result = await running;
        result.ShouldSucceedWith("""{"join":{"Item":{"Arn":{"S":"i-1"},"Type":{"S":"m5.large"}}}}""");
        result.StatesEntered.Should().Equal("Get", "Found", "Wait", "Get", "Found", "Done");
    }

    [Fact]
    public async Task Cancelling_a_parked_execution_cancels_it()
    {
        var clock = new ScheduledClock(Sfn.Epoch);
        using var cts = new CancellationTokenSource();
        var interpreter = new StepFunctionsInterpreter(new LocalServices(), clock);
        var running = interpreter.ExecuteAsync(StateMachineDefinition.Parse(WaitThenStamp("\"Seconds\":10")), new JsonObject(), new ExecutionContextOptions(), cts.Token).AsTask();
        await cts.CancelAsync();
        await FluentActions.Awaiting(() => running).Should().ThrowAsync<OperationCanceledException>();
        clock.NextWakeTime.Should().BeNull();
    }
}
