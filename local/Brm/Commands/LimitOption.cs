using System.CommandLine;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>--limit of the lookups (`brm jobs`, `brm instances`): at most this many rows, 50 unless given, 0 for the count alone.</summary>
public static class LimitOption
{
    public static Option<int> Create(string description)
    {
        var limit = new Option<int>("--limit") { Description = description, DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--limit must be 0 or more");
            }
        });
        return limit;
    }
}
