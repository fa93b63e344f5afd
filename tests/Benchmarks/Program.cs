using BatchRuntimeMonitor.Benchmarks;
using BatchRuntimeMonitor.Benchmarks.Moto;

if (args.Length > 0 && args[0] is "coldstart" or "coldstart-setup")
{
    return await ColdStart.RunAsync(args);
}

if (args.Length > 0 && args[0] == "interpreter")
{
    return InterpreterMeasure.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "moto-ratio")
{
    return await MotoRatioCommand.RunAsync(args[1..]);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
