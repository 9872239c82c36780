using KubeWise.Core.Scanning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>The production Core graph (<see cref="KubeWiseCoreServiceCollectionExtensions.AddKubeWiseCore"/>) pointed at a test Prometheus, with models in a temporary folder.</summary>
internal sealed class ScanServices : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("kubewise-models-").FullName;

    public ScanServices(Uri prometheus, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Prometheus:Url"] = prometheus.ToString().TrimEnd('/'),
            ["Prometheus:RetryBaseDelayMilliseconds"] = "20",
            ["Prometheus:MaxRetries"] = "1",
            ["Detection:ModelPath"] = Path.Combine(_models, "kubewise-forest.json"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        Provider = new ServiceCollection().AddLogging().AddKubeWiseCore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public ServiceProvider Provider { get; }

    public string ModelFolder => _models;

    public ScanCycle Cycle => Provider.GetRequiredService<ScanCycle>();

    public T Get<T>()
        where T : notnull => Provider.GetRequiredService<T>();

    public void Dispose()
    {
        Provider.Dispose();
        Directory.Delete(_models, recursive: true);
    }
}
