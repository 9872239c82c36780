using KubeWise.Application;
using KubeWise.Application.Training;
using KubeWise.Core;
using KubeWise.Core.Configuration;
using KubeWise.Core.Detection.Forest;
using KubeWise.Core.Entities;
using KubeWise.Core.Scanning;
using KubeWise.Testing.Durable;
using KubeWise.Testing.Prometheus;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Functions.Tests.Training;

/// <summary>
/// Model training as an orchestration, in the in-process Durable host over a real Prometheus serving the synthetic
/// cluster's history: one run per cluster at a time, and the scan scores with the old models until the new ones replace
/// them all at once. The model store holds each save of the run under test until the test lets it go, so "while it runs"
/// is a state the test waits for, not a guess.
/// </summary>
public sealed class ModelTrainingWorkflowTests(PrometheusHistoryFixture fixture) : IClassFixture<PrometheusHistoryFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-training-").FullName;
    private DurableTaskTestHost _host = null!;
    private HeldModelStore _store = null!;

    private DurableTaskClient Client => _host.Client;

    private ModelTrainingStarter Starter => _host.Services.GetRequiredService<ModelTrainingStarter>();

    private ScanCycle Scan => _host.Services.GetRequiredService<ScanCycle>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiteDb:FilePath"] = Path.Combine(_directory, "kubewise.db"),
            ["ANOMALY_MODEL_PATH"] = Path.Combine(_directory, "models", "forest.json"),
            ["Prometheus:Url"] = fixture.Url.ToString().TrimEnd('/'),
            ["Kubernetes:Context"] = "Prod West",
        }).AddSeedAliases().Build();
        var time = new FakeTimeProvider(fixture.EvaluationTime);
        _host = await DurableTestHost.StartAsync(
            tasks => tasks.AddKubeWiseTasks(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSingleton<TimeProvider>(time);
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddSingleton<FileEntityModelStore>();
                    services.AddSingleton<HeldModelStore>();
                    services.AddSingleton<IEntityModelStore>(sp => sp.GetRequiredService<HeldModelStore>());
                    services.AddKubeWiseCore(configuration);
                    services.AddKubeWiseWorkflow(configuration);
                },
            });
        _store = _host.Services.GetRequiredService<HeldModelStore>();
    }

    public async Task DisposeAsync()
    {
        _store.Release();
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment.
        }
    }

    [Fact]
    public async Task Start_NoModels_TrainsThemUnderTheClusterInstanceId()
    {
        var start = await Starter.StartAsync(Client, ModelTrainingRequest.MissingOnly);
        var state = await CompletedAsync(start.InstanceId);

        Assert.Equal("model-training-prod-west", start.InstanceId);
        Assert.False(start.AlreadyRunning);
        Assert.Equal(ModelTrainingStatus.Completed, state.Status);
        Assert.True(state.Report!.Succeeded);
        Assert.Contains(state.Report.Models, m => m.EntityType == EntityType.Deployment && m.Source == ModelSource.Trained);
        Assert.Same(_store.LastSaved(EntityType.Deployment), Scan.Models[EntityType.Deployment]);
    }

    [Fact]
    public async Task Start_WhileRunning_AnswersTheSameRun_ScanKeepsTheOldModelUntilTheSwap()
    {
        var first = await Starter.StartAsync(Client, ModelTrainingRequest.MissingOnly);
        await CompletedAsync(first.InstanceId);
        var old = Scan.Models;
        Assert.Contains(EntityType.Deployment, old.Keys);

        _store.Hold();
        var retrain = await Starter.StartAsync(Client, ModelTrainingRequest.All);
        await _store.SaveReached.WaitAsync(Limit);
        var again = await Starter.StartAsync(Client, ModelTrainingRequest.MissingOnly);
        var racing = await Task.WhenAll(Starter.StartAsync(Client, ModelTrainingRequest.All), Starter.StartAsync(Client, ModelTrainingRequest.MissingOnly));
        var running = await Starter.GetAsync(Client);

        // While the new forests are being saved, a cycle scores with the old ones, and does not wait for the training.
        var during = await Scan.RunAsync(new ScanRequest { TrainMissingModels = false }).WaitAsync(Limit);
        var inUseDuring = Scan.Models;

        _store.Release();
        var done = await CompletedAsync(retrain.InstanceId);
        var after = await Scan.RunAsync(new ScanRequest { TrainMissingModels = false });

        Assert.False(retrain.AlreadyRunning);
        Assert.Equal(first.InstanceId, retrain.InstanceId);
        Assert.Equal(retrain.InstanceId, again.InstanceId);
        Assert.True(again.AlreadyRunning);
        Assert.Equal(ModelTrainingStatus.Running, again.Status);
        Assert.All(racing, r => Assert.Equal((retrain.InstanceId, true), (r.InstanceId, r.AlreadyRunning)));
        Assert.True(running!.IsRunning);
        Assert.Equal(ModelTrainingRequest.All.Retrain, running.Request!.Retrain);

        Assert.True(during.Succeeded);
        Assert.Contains(during.Models, m => m.EntityType == EntityType.Deployment && m.Source == ModelSource.Loaded);
        Assert.All(old, m => Assert.Same(m.Value, inUseDuring[m.Key]));

        Assert.Equal(ModelTrainingStatus.Completed, done.Status);
        Assert.Contains(EntityType.Deployment, done.Report!.Retrained);
        foreach (var type in done.Report.Retrained)
        {
            Assert.NotSame(old[type], Scan.Models[type]);
            Assert.Same(_store.LastSaved(type), Scan.Models[type]);
        }

        Assert.True(after.Succeeded);
        Assert.Contains(after.Models, m => m.EntityType == EntityType.Deployment && m.Source == ModelSource.Loaded);
    }

    [Fact]
    public async Task Start_AfterTheRunEnded_StartsANewRunUnderTheSameId()
    {
        var first = await Starter.StartAsync(Client, ModelTrainingRequest.MissingOnly);
        await CompletedAsync(first.InstanceId);

        var second = await Starter.StartAsync(Client, new ModelTrainingRequest([EntityType.Node]));
        var state = await CompletedAsync(second.InstanceId);

        Assert.Equal(first.InstanceId, second.InstanceId);
        Assert.False(second.AlreadyRunning);
        Assert.Equal([EntityType.Node], state.Report!.Retrained);
    }

    private async Task<ModelTrainingState> CompletedAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(Limit);
        await Client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);
        return (await Starter.GetAsync(Client))!;
    }

    /// <summary>The real file store; while held, each save waits until <see cref="Release"/> (after the forest was fitted).</summary>
    private sealed class HeldModelStore(FileEntityModelStore inner) : IEntityModelStore
    {
        private readonly Dictionary<EntityType, IsolationForest> _saved = [];
        private TaskCompletionSource _open = Opened();
        private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task SaveReached => _reached.Task;

        public void Hold()
        {
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _open.TrySetResult();

        public IsolationForest LastSaved(EntityType type)
        {
            lock (_saved)
            {
                return _saved[type];
            }
        }

        public Task<IsolationForest?> LoadAsync(EntityType type, CancellationToken cancellationToken = default) => inner.LoadAsync(type, cancellationToken);

        public async Task SaveAsync(EntityType type, IsolationForest forest, CancellationToken cancellationToken = default)
        {
            _reached.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
            await inner.SaveAsync(type, forest, cancellationToken);
            lock (_saved)
            {
                _saved[type] = forest;
            }
        }

        public string Describe(EntityType type) => inner.Describe(type);

        public Task SaveTrainingAsync(EntityType type, ModelTraining training, CancellationToken cancellationToken = default) => inner.SaveTrainingAsync(type, training, cancellationToken);

        public Task<ModelTraining?> LoadTrainingAsync(EntityType type, CancellationToken cancellationToken = default) => inner.LoadTrainingAsync(type, cancellationToken);

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
