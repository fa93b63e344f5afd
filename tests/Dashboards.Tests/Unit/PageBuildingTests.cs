using BatchRuntimeMonitor.Local.Dashboards.Markdown;
using BatchRuntimeMonitor.Local.Dashboards.Page;
using BatchRuntimeMonitor.Local.Dashboards.Widgets;

namespace BatchRuntimeMonitor.Tests.Dashboards.Unit;

public sealed class PageBuildingTests
{
    [Fact]
    public void Markdown_subset_renders_and_escapes_html()
    {
        var html = MarkdownRenderer.ToHtml("# Title <b>\nSome **bold** and *soft* text with `a<b>` and [link](https://x.example/a?b=1&c=2).\n\n- one\n- two\n\n1. first\n\n[bad](javascript:alert(1))\n```\n<script>\n```");

        html.Should().Contain("<h1>Title &lt;b&gt;</h1>");
        html.Should().Contain("<strong>bold</strong>").And.Contain("<em>soft</em>");
        html.Should().Contain("<code>a&lt;b&gt;</code>");
        html.Should().Contain("<a href=\"https://x.example/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">link</a>");
        html.Should().Contain("<ul>\n<li>one</li>\n<li>two</li>\n</ul>").And.Contain("<ol>\n<li>first</li>\n</ol>");
        html.Should().NotContain("javascript:").And.NotContain("<script>");
        html.Should().Contain("<pre><code>&lt;script&gt;\n</code></pre>");
        MarkdownRenderer.ToHtml("snake_case_name stays").Should().Be("<p>snake_case_name stays</p>\n");
    }

    [Fact]
    public void Page_escapes_titles_cells_and_keeps_embedded_json_inert()
    {
        var widget = new WidgetData
        {
            Id = "d-w1", Type = "log", View = "table", Title = "<img src=x onerror=alert(1)>",
            Placement = new WidgetPlacement(0, 0, 12, 6),
            Table = new TableData { Columns = ["JobName"], Rows = [["</script><b>x</b>"]] },
        };
        var model = new PageModel { Title = "t", Namespace = "NS", Dashboards = [new DashboardModel { Name = "d", Widgets = [widget] }] };

        var html = HtmlPageWriter.Write(model, "/* chart */", "/* page */", "/* css */");

        html.Should().Contain("&lt;img src=x onerror=alert(1)&gt;").And.Contain("&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;");
        html.Should().NotContain("<img").And.NotContain("</script><b>");
        html.Should().Contain("grid-column:1 / span 12;grid-row:1 / span 6");
        html.Should().Contain("default-src 'none'").And.NotContain("connect-src");
    }

    [Fact]
    public void Grid_placement_uses_the_24_column_grid_with_cloudwatch_defaults()
    {
        GridLayout.Normalize(6, 3, 12, 4).Should().Be(new WidgetPlacement(6, 3, 12, 4));
        GridLayout.Normalize(null, null, null, null).Should().Be(new WidgetPlacement(0, 0, 6, 6));
        GridLayout.Normalize(20, 0, 8, 6).Should().Be(new WidgetPlacement(16, 0, 8, 6), "a widget never overflows the 24 columns");
        GridLayout.CssStyle(new WidgetPlacement(6, 3, 12, 4)).Should().Be("grid-column:7 / span 12;grid-row:4 / span 4");
    }

    [Fact]
    public void Placeholders_are_substituted_with_local_values_and_json_escaped()
    {
        var values = PlaceholderSubstitution.Defaults("MyNs", "eu-west-1");
        values["Quote"] = "a\"b";

        PlaceholderSubstitution.Apply("{\"ns\":\"${MetricsNamespace}\",\"r\":\"${AWS::Region}\",\"q\":\"${Quote}\",\"lg\":\"${JobTransitionsLogGroup}\",\"u\":\"${Unknown}\"}", values)
            .Should().Be("{\"ns\":\"MyNs\",\"r\":\"eu-west-1\",\"q\":\"a\\u0022b\",\"lg\":\"/brm/local/JobTransitions\",\"u\":\"${Unknown}\"}");
    }

    [Fact]
    public void Dashboard_bodies_are_read_bare_or_wrapped()
    {
        var directory = Path.Combine(Path.GetTempPath(), "brm-bodies-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "a.json"), "{\"widgets\":[{\"type\":\"text\",\"properties\":{\"markdown\":\"${MetricsNamespace}\"}}]}");
            File.WriteAllText(Path.Combine(directory, "b.json"), "{\"DashboardBody\":{\"widgets\":[{\"type\":\"text\"},{\"type\":\"text\"}]}}");

            var bodies = DashboardBody.ReadDirectory(directory, PlaceholderSubstitution.Defaults("NS", "r"));

            bodies.Select(b => (b.Name, b.Widgets.Count)).Should().Equal(("a", 1), ("b", 2));
            bodies[0].Widgets[0].GetProperty("properties").GetProperty("markdown").GetString().Should().Be("NS");
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
