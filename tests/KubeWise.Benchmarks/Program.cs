using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/KubeWise.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/KubeWise.Benchmarks -- scale [pods...]   (scan cycle at scale, figures printed)
if (args is ["scale", ..])
{
    Environment.Exit(await KubeWise.Benchmarks.Scanning.ScaleCommand.RunAsync(args[1..]));
}

if (args is ["scale-cycle", ..])
{
    Environment.Exit(await KubeWise.Benchmarks.Scanning.ScaleCommand.CycleAsync(args[1..]));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
