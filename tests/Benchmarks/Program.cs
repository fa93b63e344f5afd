using BatchRuntimeMonitor.Benchmarks;

if (args.Length > 0 && args[0] is "coldstart" or "coldstart-setup")
{
    return await ColdStart.RunAsync(args);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
