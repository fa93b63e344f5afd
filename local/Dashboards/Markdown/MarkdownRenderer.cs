using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace BatchRuntimeMonitor.Local.Dashboards.Markdown;

/// <summary>
/// The small, safe markdown subset text widgets use: headings, paragraphs, bullet and numbered lists, bold,
/// italics, inline code, fenced code and links. Every piece of text is HTML-escaped first, so markdown can't
/// inject markup; links keep only http(s), mailto and fragment targets.
/// </summary>
public static partial class MarkdownRenderer
{
    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder();
        var paragraph = new List<string>();
        string? listTag = null;
        var inCode = false;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>").Append(string.Join(" ", paragraph.Select(Inline))).Append("</p>\n");
                paragraph.Clear();
            }
        }

        void CloseList()
        {
            if (listTag is not null)
            {
                html.Append("</").Append(listTag).Append(">\n");
                listTag = null;
            }
        }

        foreach (var rawLine in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = rawLine.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph();
                CloseList();
                html.Append(inCode ? "</code></pre>\n" : "<pre><code>");
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                html.Append(WebUtility.HtmlEncode(rawLine)).Append('\n');
                continue;
            }

            var heading = Heading().Match(line);
            var bullet = Bullet().Match(line);
            var numbered = Numbered().Match(line);
            if (line.Trim().Length == 0)
            {
                FlushParagraph();
                CloseList();
            }
            else if (heading.Success)
            {
                FlushParagraph();
                CloseList();
                var level = heading.Groups[1].Value.Length;
                html.Append($"<h{level}>").Append(Inline(heading.Groups[2].Value)).Append($"</h{level}>\n");
            }
            else if (bullet.Success || numbered.Success)
            {
                FlushParagraph();
                var tag = bullet.Success ? "ul" : "ol";
                if (listTag != tag)
                {
                    CloseList();
                    html.Append('<').Append(tag).Append(">\n");
                    listTag = tag;
                }

                html.Append("<li>").Append(Inline((bullet.Success ? bullet : numbered).Groups[1].Value)).Append("</li>\n");
            }
            else
            {
                CloseList();
                paragraph.Add(line.Trim());
            }
        }

        FlushParagraph();
        CloseList();
        if (inCode)
        {
            html.Append("</code></pre>\n");
        }

        return html.ToString();
    }

    private static string Inline(string text)
    {
        // Code spans are cut out first so their content is not formatted, then everything is escaped.
        var parts = text.Split('`');
        var result = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            var escaped = WebUtility.HtmlEncode(parts[i]);
            result.Append(i % 2 == 1 && i < parts.Length - 1 ? $"<code>{escaped}</code>" : Format(escaped));
        }

        return result.ToString();
    }

    private static string Format(string escaped)
    {
        var withLinks = Link().Replace(escaped, m =>
        {
            var href = m.Groups[2].Value;
            var safe = href.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || href.StartsWith('#');
            return safe ? $"<a href=\"{href}\" rel=\"noopener noreferrer\">{m.Groups[1].Value}</a>" : m.Groups[1].Value;
        });
        var bold = Bold().Replace(withLinks, "<strong>$1</strong>");
        return Italic().Replace(bold, "<em>$1</em>");
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*[-*+]\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^\s*\d+[.)]\s+(.*)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![*\w])[*_](?![*_\s])(.+?)(?<![*_\s])[*_](?![*\w])")]
    private static partial Regex Italic();
}
