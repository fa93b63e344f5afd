using BatchRuntimeMonitor.Local.StepFunctions;
using BenchmarkDotNet.Attributes;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>
/// One state machine execution of the replay's interpreter per operation, for each <see cref="InterpreterCase"/>
/// (see <see cref="InterpreterWorkload"/>). Inputs are parsed and routed ahead in a pool, so the figures are the
/// interpreter's alone; the pool is refilled outside the measured iterations when it runs out.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*InterpreterBenchmarks*' --job short --inProcess</c>.
/// For quicker deterministic numbers (bytes per execution exact, time over many runs): <c>-- interpreter</c>
/// (<see cref="InterpreterMeasure"/>).
/// </summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private const int PoolSize = 4096;

    private InterpreterWorkload _workload = null!;
    private InterpreterWorkload.PreparedInput[] _inputs = [];
    private int _next;

    [ParamsAllValues]
    public InterpreterCase Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new InterpreterWorkload(Case);
        _inputs = _workload.Prepare(PoolSize);
    }

    [IterationSetup]
    public void Refill()
    {
        // An input is used once: the pool is replaced between iterations rather than inside the measured loop.
        if (_next > PoolSize / 2)
        {
            _inputs = _workload.Prepare(PoolSize);
            _next = 0;
        }
    }

    [Benchmark]
    public ExecutionResult Execute() => _workload.Execute(_inputs[_next++ % PoolSize]);
}
