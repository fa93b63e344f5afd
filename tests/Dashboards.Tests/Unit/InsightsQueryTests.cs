using BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

namespace BatchRuntimeMonitor.Tests.Dashboards.Unit;

public sealed class InsightsQueryTests
{
    private static readonly LogRecord[] Records =
    [
        Record("""{"@timestamp":"2026-11-01T00:01:00Z","RecordType":"JobInsight","JobName":"a","JobQueue":"q1","Status":"SUCCEEDED","ExitCode":0,"RunningSeconds":10,"InstanceType":"m5.large"}"""),
        Record("""{"@timestamp":"2026-11-01T00:04:00Z","RecordType":"JobInsight","JobName":"b","JobQueue":"q1","Status":"FAILED","ExitCode":1,"RunningSeconds":30,"StatusReason":"OutOfMemory","InstanceType":"c5.large"}"""),
        Record("""{"@timestamp":"2026-11-01T00:06:00Z","RecordType":"JobInsight","JobName":"c","JobQueue":"q2","Status":"SUCCEEDED","ExitCode":0,"RunningSeconds":20,"InstanceType":"m5.large"}"""),
        Record("""{"@timestamp":1793491800000,"RecordType":"JobInsight","JobName":"d","JobQueue":"q2","Status":"SUCCEEDED","ExitCode":0,"InstanceType":"m6g.large","Detail":{"Attempts":2}}"""),
        Record("""{"@timestamp":"2026-11-01T00:12:00Z","RecordType":"Other","JobName":"x"}"""),
    ];

    [Fact]
    public void Fields_and_display_choose_columns_and_computed_fields()
    {
        var result = Run("fields JobName, RunningSeconds / 60 as minutes | filter JobName = 'a'");
        result.Columns.Should().Equal("JobName", "minutes");
        result.Rows.Single()["minutes"].Should().Be(10.0 / 60);

        Run("fields JobName, JobQueue | display JobQueue | limit 1").Columns.Should().Equal("JobQueue");
        Run("limit 2").Columns.Should().Equal("@timestamp", "@message");
    }

    [Theory]
    [InlineData("filter Status = 'FAILED'", "b")]
    [InlineData("filter Status != 'SUCCEEDED' and RecordType = \"JobInsight\"", "b")]
    [InlineData("filter RunningSeconds > 15 and RunningSeconds < 25", "c")]
    [InlineData("filter RunningSeconds >= 30", "b")]
    [InlineData("filter RunningSeconds <= 10", "a")]
    [InlineData("filter not ispresent(RunningSeconds) and RecordType = 'JobInsight'", "d")]
    [InlineData("filter StatusReason like /Memory/", "b")]
    [InlineData("filter StatusReason like 'OutOf'", "b")]
    [InlineData("filter InstanceType =~ /^m6g/", "d")]
    [InlineData("filter JobName in ['a', 'c'] and JobQueue = 'q2'", "c")]
    [InlineData("filter JobName not in ['a','b','c','x']", "d")]
    [InlineData("filter (Status = 'FAILED' or JobName = 'x') and not RecordType = 'Other'", "b")]
    [InlineData("filter Detail.Attempts = 2", "d")]
    [InlineData("filter ExitCode = 1 or JobName not like /[a-d]/", "b,x")]
    [InlineData("filter tolower(InstanceType) = 'c5.large' and strlen(JobName) = 1", "b")]
    public void Filter_operators(string filter, string expectedJobs) =>
        Run(filter + " | fields JobName | sort JobName asc").Rows.Select(r => (string)r["JobName"]!).Should().Equal(expectedJobs.Split(','));

    [Fact]
    public void Stats_aggregates_with_aliases_and_grouping()
    {
        var result = Run("filter RecordType = 'JobInsight' | stats count(*) as jobs, count(RunningSeconds), sum(RunningSeconds) as total, avg(RunningSeconds), min(RunningSeconds) as lo, max(RunningSeconds) as hi, pct(RunningSeconds, 50) as p50 by JobQueue | sort JobQueue");

        result.Columns.Should().Equal("JobQueue", "jobs", "count(RunningSeconds)", "total", "avg(RunningSeconds)", "lo", "hi", "p50");
        result.Rows[0].Should().Contain(new Dictionary<string, object?> { ["JobQueue"] = "q1", ["jobs"] = 2.0, ["count(RunningSeconds)"] = 2.0, ["total"] = 40.0, ["avg(RunningSeconds)"] = 20.0, ["lo"] = 10.0, ["hi"] = 30.0, ["p50"] = 10.0 });
        result.Rows[1]["jobs"].Should().Be(2.0);
        result.Rows[1]["count(RunningSeconds)"].Should().Be(1.0);
    }

    [Fact]
    public void Stats_with_arithmetic_and_several_group_fields()
    {
        var result = Run("filter RecordType = 'JobInsight' | stats sum(ExitCode)/count(*)*100 as failurePct by JobQueue, InstanceType | sort failurePct desc, JobQueue asc");
        result.Rows.Should().HaveCount(4);
        result.Rows[0].Should().Contain(new Dictionary<string, object?> { ["JobQueue"] = "q1", ["InstanceType"] = "c5.large", ["failurePct"] = 100.0 });

        Run("stats count(*) as n").Rows.Single()["n"].Should().Be(5.0);
        Run("filter JobName = 'none' | stats count(*) as n").Rows.Single()["n"].Should().Be(0.0);
    }

    [Fact]
    public void Stats_by_bin_groups_on_aligned_time_buckets_in_time_order()
    {
        var result = Run("filter RecordType = 'JobInsight' | stats count(*) as jobs by bin(5m)");

        result.TimeColumns.Should().Contain("bin(5m)");
        result.Rows.Select(r => r["bin(5m)"]).Should().Equal(1_793_491_200_000.0, 1_793_491_500_000.0, 1_793_491_800_000.0);
        result.Rows.Select(r => r["jobs"]).Should().Equal(2.0, 1.0, 1.0);
    }

    [Fact]
    public void Sort_limit_dedup_and_source()
    {
        Run("SOURCE '/aws/brm/jobs' | fields JobName, RunningSeconds | sort RunningSeconds desc | limit 2").Rows.Select(r => r["JobName"]).Should().Equal("b", "c");
        Run("fields JobName | sort RunningSeconds asc").Rows.Select(r => r["JobName"]).Should().Equal("a", "c", "b", "d", "x");
        Run("fields JobQueue | filter ispresent(JobQueue) | dedup JobQueue").Rows.Should().HaveCount(2);
        Run("# comment line\nfields JobName\n| filter JobName = 'a'").Rows.Should().ContainSingle();
    }

    [Theory]
    [InlineData("fields JobName | parse @message 'x*y' as a", "Unsupported Logs Insights command 'parse'")]
    [InlineData("filter JobName = ", "ends early")]
    [InlineData("stats nosuch(JobName)", "Unsupported Logs Insights function nosuch()")]
    [InlineData("stats count(*) by", "ends early")]
    [InlineData("filter JobName = 'a' extra", "Unexpected 'extra'")]
    public void Errors_are_format_exceptions_with_a_clear_message(string query, string message)
    {
        var act = () => Run(query);
        act.Should().Throw<FormatException>().WithMessage("*" + message + "*");
    }

    private static InsightsResult Run(string query) => InsightsQuery.Run(query, Records);

    private static LogRecord Record(string json) => LogRecord.Parse(json, "/brm/local/jobs");
}
