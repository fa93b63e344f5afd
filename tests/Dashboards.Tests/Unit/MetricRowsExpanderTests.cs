using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards.Widgets;

namespace BatchRuntimeMonitor.Tests.Dashboards.Unit;

public sealed class MetricRowsExpanderTests
{
    [Fact]
    public void Dots_and_ellipsis_repeat_the_previous_row()
    {
        var rows = Expand("""
            [
              ["NS", "RUNNABLE", "JobQueue", "q1", {"id": "a", "stat": "Maximum", "period": 60, "label": "first"}],
              ["...", "q2"],
              [".", "STARTING", ".", "."],
              ["NS", "...", {"yAxis": "right", "visible": false}],
              [{"expression": "SUM(METRICS())", "label": "total", "id": "e1"}]
            ]
            """);

        rows.Select(r => r.Id).Should().Equal("a", "m2", "m3", "m4", "e1");
        rows[0].Should().Match<MetricRow>(r => r.Stat == "Maximum" && r.Period == 60 && r.Label == "first" && r.MetricName == "RUNNABLE");
        rows[1].Dimensions.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, string>("JobQueue", "q2"));
        rows[1].MetricName.Should().Be("RUNNABLE");
        rows[2].Should().Match<MetricRow>(r => r.Namespace == "NS" && r.MetricName == "STARTING" && r.Dimensions[0].Value == "q2");
        rows[3].Should().Match<MetricRow>(r => r.MetricName == "STARTING" && r.YAxis == "right" && !r.Visible);
        rows[4].Should().Match<MetricRow>(r => r.IsExpression && r.Expression == "SUM(METRICS())" && r.Label == "total");
    }

    [Fact]
    public void Ellipsis_in_the_middle_keeps_given_head_and_tail()
    {
        MetricRowsExpander.ExpandShorthand(["NS2", "...", "v9"], ["NS", "M", "A", "1", "B", "2"])
            .Should().Equal("NS2", "M", "A", "1", "B", "v9");
    }

    [Fact]
    public void Shorthand_without_a_previous_row_is_an_error()
    {
        var act = () => Expand("""[["...", "q2"]]""");
        act.Should().Throw<FormatException>();
    }

    private static IReadOnlyList<MetricRow> Expand(string json)
    {
        using var document = JsonDocument.Parse(json);
        return MetricRowsExpander.Expand(document.RootElement);
    }
}
