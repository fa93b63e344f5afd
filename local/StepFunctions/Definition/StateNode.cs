using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>One compiled state. Subclasses hold their parsed fields and know how to run once.</summary>
internal abstract class StateNode
{
    protected StateNode(string name, JsonObject json)
    {
        Name = name;
        Next = DefinitionReader.OptionalString(json, "Next", name);
        IsEnd = DefinitionReader.OptionalBoolean(json, "End", name);
        InputPath = OptionalPath.Read(json, "InputPath", name);
        OutputPath = OptionalPath.Read(json, "OutputPath", name);
    }

    public string Name { get; }

    public string? Next { get; }

    public bool IsEnd { get; }

    /// <summary>
    /// End in the definition's top level: this state's output is the execution's. (An End in a Parallel branch or a
    /// Map iteration hands its output to that state instead.) Set once the definition is parsed.
    /// </summary>
    public bool EndsExecution { get; private set; }

    protected OptionalPath InputPath { get; }

    protected OptionalPath OutputPath { get; }

    /// <summary>Choice, Succeed and Fail end or branch by themselves; every other state needs Next or End.</summary>
    public virtual bool NeedsNextOrEnd => true;

    /// <summary>Every state name this state can transition to (Next, Choice targets, Catch targets).</summary>
    public virtual IEnumerable<string> Targets => Next is null ? [] : [Next];

    /// <summary>Nested state blocks (Parallel branches, Map processor), validated recursively.</summary>
    public virtual IEnumerable<StatesBlock> Children => [];

    /// <summary>Runs the state once on its raw input; <paramref name="rawInput"/> belongs to this state and may be changed.</summary>
    public abstract ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run);

    /// <summary>Called for each state of the definition's top level (<see cref="StatesBlock.MarkTopLevel"/>).</summary>
    public void MarkTopLevel() => EndsExecution = IsEnd;

    /// <summary>The transition after a normal completion: Next, or the end of the block.</summary>
    protected StateOutcome Continue(JsonNode? output) => new(output, IsEnd ? null : Next);
}
