using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards.Markdown;
using BatchRuntimeMonitor.Local.Dashboards.Page;

namespace BatchRuntimeMonitor.Local.Dashboards.Widgets;

/// <summary>Turns one dashboard widget element into <see cref="WidgetData"/>; a broken widget becomes an error widget, never a crash.</summary>
public static class WidgetBuilder
{
    public static WidgetData Build(JsonElement element, string id, ReplayData replay)
    {
        var widget = new WidgetData
        {
            Id = id,
            Type = Text(element, "type") ?? "metric",
            Placement = GridLayout.Normalize(Int(element, "x"), Int(element, "y"), Int(element, "width"), Int(element, "height")),
        };
        var properties = element.TryGetProperty("properties", out var p) ? p : default;
        widget.Title = properties.ValueKind == JsonValueKind.Object ? Text(properties, "title") ?? "" : "";
        try
        {
            switch (widget.Type)
            {
                case "metric":
                    MetricWidgetEvaluator.Evaluate(properties, replay.Metrics, widget);
                    break;
                case "log":
                    LogWidgetEvaluator.Evaluate(properties, replay.LogRecords, widget);
                    break;
                case "text":
                    widget.View = "text";
                    widget.Status = WidgetStatus.Text;
                    widget.Html = MarkdownRenderer.ToHtml(Text(properties, "markdown") ?? "");
                    break;
                default:
                    widget.Status = WidgetStatus.Error;
                    widget.Message = $"Widget type '{widget.Type}' is not rendered locally";
                    break;
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            widget.Status = WidgetStatus.Error;
            widget.Message = ex.Message;
            widget.Series.Clear();
        }

        return widget;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;
}
