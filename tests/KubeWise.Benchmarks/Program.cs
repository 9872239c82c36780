using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/KubeWise.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/KubeWise.Benchmarks -- scale [pods...]   (scan cycle at scale, figures printed)
// dotnet run -c Release --project tests/KubeWise.Benchmarks -- latency [incidents] [litedb|mongo]... [gemini|rules]...
//   (detected -> AwaitingApproval visible through the API, in-process)
// dotnet run -c Release --project tests/KubeWise.Benchmarks -- evaluate [1001-1020] [--step 30]
//   (detection evaluation protocol: recall per incident kind, false positives; see docs/benchmarks.md)
if (args is ["evaluate", ..])
{
    Environment.Exit(await KubeWise.Benchmarks.Detection.EvaluateCommand.RunAsync(args[1..]));
}

if (args is ["scale", ..])
{
    Environment.Exit(await KubeWise.Benchmarks.Scanning.ScaleCommand.RunAsync(args[1..]));
}

if (args is ["scale-tick", ..])
{
    Environment.Exit(await KubeWise.Benchmarks.Workflow.TimerTickProbe.RunAsync(args[1..]));
}

if (args is ["latency", ..])
{
    Environment.Exit(await KubeWise.Benchmarks.Workflow.LatencyCommand.RunAsync(args[1..]));
}

if (args is ["scale-cycle", ..])
{
    Environment.Exit(await KubeWise.Benchmarks.Scanning.ScaleCommand.CycleAsync(args[1..]));
}

// The generated project builds the Functions app too (its worker-extensions restore included): on a shared 2-core
// machine that can take longer than BenchmarkDotNet's default two minutes.
BenchmarkSwitcher.FromAssembly(typeof(KubeWise.Benchmarks.Scanning.ScaleCommand).Assembly)
    .Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15)));
