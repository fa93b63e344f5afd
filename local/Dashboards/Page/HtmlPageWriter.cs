using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards.Widgets;

namespace BatchRuntimeMonitor.Local.Dashboards.Page;

/// <summary>
/// Writes the self-contained page: layout, titles, tables, single values, text and messages are HTML made here;
/// charts are drawn in the browser by the inlined chart.js from the embedded JSON.
/// </summary>
public static class HtmlPageWriter
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(PageModel model, string chartLibrary, string pageScript, string pageStyle, string? liveReloadPath = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").Append(Encode(model.Title)).Append("</title>\n");
        // Nothing may be fetched from anywhere: the page is complete offline. Only a served page may ask its own server.
        var connect = liveReloadPath is null ? "" : " connect-src 'self';";
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';").Append(connect)
            .Append(" script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<style>").Append(pageStyle).Append("</style>\n</head>\n<body>\n");
        html.Append("<header><h1>").Append(Encode(model.Title)).Append("</h1><p class=\"span\">Namespace <code>").Append(Encode(model.Namespace))
            .Append("</code> · replay ").Append(Encode(Time(model.StartMs))).Append(" – ").Append(Encode(Time(model.EndMs))).Append(" UTC</p>\n<nav>");
        foreach (var dashboard in model.Dashboards)
        {
            html.Append("<a href=\"#dashboard-").Append(Encode(dashboard.Name)).Append("\">").Append(Encode(dashboard.Name)).Append("</a> ");
        }

        html.Append("</nav></header>\n<main>\n");
        foreach (var dashboard in model.Dashboards)
        {
            html.Append("<section class=\"dashboard\" id=\"dashboard-").Append(Encode(dashboard.Name)).Append("\" data-dashboard=\"").Append(Encode(dashboard.Name))
                .Append("\"><h2>").Append(Encode(dashboard.Name)).Append("</h2>\n<div class=\"grid\">\n");
            foreach (var widget in dashboard.Widgets)
            {
                WriteWidget(html, widget);
            }

            html.Append("</div></section>\n");
        }

        html.Append("</main>\n<script type=\"application/json\" id=\"brm-data\">").Append(JsonSerializer.Serialize(model, JsonOptions)).Append("</script>\n");
        html.Append("<script>").Append(chartLibrary).Append("</script>\n");
        html.Append("<script>").Append(pageScript.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("</script>\n");
        if (liveReloadPath is not null)
        {
            html.Append("<script>").Append(LiveReloadScript(liveReloadPath)).Append("</script>\n");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>Polls the server's version of the replay and reloads the page when it changes.</summary>
    private static string LiveReloadScript(string path) =>
        "(function(){var seen=null;setInterval(function(){fetch(" + JsonSerializer.Serialize(path) + ",{cache:'no-store'}).then(function(r){return r.text();})"
        + ".then(function(v){if(seen!==null&&v!==seen){location.reload();}seen=v;}).catch(function(){});},2000);}());";

    private static void WriteWidget(StringBuilder html, WidgetData widget)
    {
        html.Append("<div class=\"widget status-").Append(widget.Status).Append(" view-").Append(Encode(widget.View))
            .Append("\" id=\"").Append(Encode(widget.Id)).Append("\" data-status=\"").Append(widget.Status)
            .Append("\" style=\"").Append(GridLayout.CssStyle(widget.Placement)).Append("\">");
        if (widget.Type != "text" || widget.Title.Length > 0)
        {
            html.Append("<h3 class=\"widget-title\">").Append(Encode(widget.Title));
            if (widget.Simulated)
            {
                html.Append(" <span class=\"badge\">simulated</span>");
            }

            html.Append("</h3>");
        }

        html.Append("<div class=\"widget-body\">");
        switch (widget.Status)
        {
            case WidgetStatus.Text:
                html.Append("<div class=\"markdown\">").Append(widget.Html).Append("</div>");
                break;
            case WidgetStatus.Data when widget.View == "table" && widget.Table is not null:
                WriteTable(html, widget.Table);
                break;
            case WidgetStatus.Data when widget.View == "table":
                WriteSeriesTable(html, widget);
                break;
            case WidgetStatus.Data when widget.View == "singleValue":
                WriteSingleValues(html, widget);
                break;
            case WidgetStatus.Data:
                html.Append("<canvas class=\"chart\" data-widget=\"").Append(Encode(widget.Id)).Append("\"></canvas>");
                break;
            default:
                html.Append("<p class=\"message\">").Append(Encode(widget.Message ?? "")).Append("</p>");
                break;
        }

        html.Append("</div></div>\n");
    }

    /// <summary>Cells longer than this get their text as a tooltip too (page.css cuts cells at 36em).</summary>
    private const int LongCell = 40;

    private static void WriteTable(StringBuilder html, TableData table)
    {
        html.Append("<div class=\"table-wrap\"><table><thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th>").Append(Encode(column)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var isTime = table.TimeColumns.Contains(table.Columns[i]);
                var text = isTime && row[i] is double t ? Time((long)t) : Cell(row[i]);

                // page.css cuts a long cell (a status reason can run to 200 characters) so that the columns after it
                // stay in view; the whole text is the cell's tooltip.
                html.Append(text.Length > LongCell ? $"<td title=\"{Encode(text)}\">" : "<td>").Append(Encode(text)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void WriteSeriesTable(StringBuilder html, WidgetData widget)
    {
        html.Append("<div class=\"table-wrap\"><table><thead><tr><th>Label</th><th>").Append(Encode(widget.Stat ?? "Value")).Append("</th><th>Total</th></tr></thead><tbody>");
        foreach (var series in widget.Series)
        {
            html.Append("<tr><td>").Append(Encode(series.Label)).Append("</td><td>").Append(Encode(Cell(series.Value)))
                .Append("</td><td>").Append(Encode(Cell(series.Total))).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void WriteSingleValues(StringBuilder html, WidgetData widget)
    {
        html.Append("<div class=\"single-values\">");
        foreach (var series in widget.Series)
        {
            html.Append("<div class=\"single-value\"><div class=\"number\">").Append(Encode(Cell(series.Value))).Append("</div><div class=\"label\">")
                .Append(Encode(series.Label)).Append("</div></div>");
        }

        html.Append("</div>");
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString(Math.Abs(d) >= 1000 || d == Math.Floor(d) ? "#,##0.##" : "0.###", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    private static string Time(long? ms) => ms is { } t
        ? DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : "—";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
