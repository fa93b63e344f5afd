using System.Text;

namespace BatchRuntimeMonitor.Local.EventBridge.Templates;

/// <summary>
/// Fn::Sub's string syntax: ${Name} and ${Resource.Attribute} are replaced through a callback, and ${!Literal}
/// is written out as ${Literal} without evaluation.
/// </summary>
internal static class SubTemplate
{
    public static string Expand(string template, Func<string, string> variable)
    {
        var result = new StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            var start = template.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            result.Append(template, i, start - i);
            var end = template.IndexOf('}', start + 2);
            if (end < 0)
            {
                // CloudFormation leaves an unterminated "${" as text.
                result.Append(template, start, template.Length - start);
                break;
            }

            var name = template.Substring(start + 2, end - start - 2);
            if (name.StartsWith('!'))
            {
                result.Append("${").Append(name, 1, name.Length - 1).Append('}');
            }
            else
            {
                result.Append(variable(name.Trim()));
            }

            i = end + 1;
        }

        return result.ToString();
    }
}
