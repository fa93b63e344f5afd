using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>A compiled intrinsic function call such as States.Format('{}-{}', $.a, States.UUID()).</summary>
internal sealed class IntrinsicCall
{
    private static readonly ConcurrentDictionary<string, IntrinsicCall> Cache = new(StringComparer.Ordinal);

    public IntrinsicCall(string text, string name, IReadOnlyList<IntrinsicArgument> arguments)
    {
        Text = text;
        Name = name;
        Arguments = arguments;
        Function = IntrinsicFunctions.Find(name)
            ?? throw new FormatException($"Unknown intrinsic function '{name}' in '{text}'");
        IsConstant = IntrinsicFunctions.IsDeterministic(name) && arguments.All(a => a.IsConstant);
    }

    /// <summary>
    /// The call returns the same value on every evaluation: a deterministic function of literals only, such as
    /// States.StringToJson('5') (a definition substitution turned into a number). Its failures are not constant:
    /// they name the state that evaluates it.
    /// </summary>
    public bool IsConstant { get; }

    public string Text { get; }

    public string Name { get; }

    public IReadOnlyList<IntrinsicArgument> Arguments { get; }

    private IntrinsicFunctions.Implementation Function { get; }

    public static bool IsIntrinsicSyntax(string text) => text.StartsWith("States.", StringComparison.Ordinal);

    /// <summary>Compiles (or fetches the cached) call; throws <see cref="FormatException"/> on bad syntax.</summary>
    public static IntrinsicCall Parse(string text) => Cache.GetOrAdd(text, static t => new IntrinsicParser(t).ParseWholeCall());

    public JsonNode? Evaluate(EvaluationScope scope)
    {
        var values = new JsonNode?[Arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Arguments[i].Evaluate(scope);
        }

        try
        {
            return Function(this, values, scope);
        }
        catch (StatesErrorException)
        {
            throw;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException or System.Text.Json.JsonException or OverflowException)
        {
            throw Failure(scope, ex.Message);
        }
    }

    public StatesErrorException Failure(EvaluationScope scope, string why) =>
        new(StatesErrors.IntrinsicFailure, $"An error occurred while executing the state '{scope.StateName}'. Invalid arguments in {Name}: {why} (in '{Text}')");
}
