using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/KubeWise.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
