using System.Text;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>A string from the pattern, kept both as text and as UTF-8 so it compares directly with raw event bytes.</summary>
internal sealed class PatternText
{
    public PatternText(string text)
    {
        Text = text;
        Utf8 = Encoding.UTF8.GetBytes(text);
        IsAscii = Ascii.IsValid(text);
    }

    public string Text { get; }

    public byte[] Utf8 { get; }

    public bool IsAscii { get; }
}
