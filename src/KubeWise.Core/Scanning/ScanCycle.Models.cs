using System.Collections.Immutable;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;
using KubeWise.Core.Detection.Forest;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Core.Progress;

namespace KubeWise.Core.Scanning;

/// <summary>The models of a cycle: kept in memory, read from the store, or trained from history and saved.</summary>
public sealed partial class ScanCycle
{
    private async Task<(Dictionary<EntityType, EntityModel> Models, List<ModelStatus> Statuses)> ModelsAsync(
        Dictionary<EntityType, FeatureSchema> schemas, IReadOnlyList<CatalogQuery> active, ScanRequest request, DateTimeOffset at, TimeSpan window,
        RequestCounter requests, List<string> degraded, CancellationToken cancellationToken)
    {
        var models = new Dictionary<EntityType, EntityModel>();
        var statuses = new List<ModelStatus>();
        var missing = new List<EntityType>();
        var inUse = Models;
        foreach (var (type, schema) in schemas.OrderBy(s => s.Key))
        {
            if (request.Retrain.Contains(type))
            {
                missing.Add(type);
                continue;
            }

            var (forest, refused) = await LoadAsync(type, inUse, degraded, cancellationToken).ConfigureAwait(false);
            if (forest is not null)
            {
                models[type] = new EntityModel(schema, forest);
                statuses.Add(new ModelStatus(type, ModelSource.Loaded, await DescribeLoadedAsync(type, cancellationToken).ConfigureAwait(false)));
            }
            else if (refused is not null)
            {
                // Another cluster's model, or no way to tell which cluster this is: only the rules judge this type,
                // and nothing is trained over a model that belongs elsewhere.
                statuses.Add(new ModelStatus(type, ModelSource.None, refused));
            }
            else
            {
                missing.Add(type);
            }
        }

        // A type whose history was too short is not retried every cycle: each attempt reads the whole look-back.
        var retry = TimeSpan.FromSeconds(_options.TrainingRetrySeconds);
        foreach (var type in missing.ToList())
        {
            if (!request.Retrain.Contains(type) && !request.RetryUntrainable && _untrainable.TryGetValue(type, out var failure) && (at - failure.At).Duration() < retry)
            {
                missing.Remove(type);
                statuses.Add(new ModelStatus(type, ModelSource.None, $"{failure.Reason} (next attempt after {failure.At + retry:O})"));
            }
        }

        if (missing.Count == 0)
        {
            return (models, statuses);
        }

        if (!request.TrainMissingModels)
        {
            statuses.AddRange(missing.Select(t => new ModelStatus(t, ModelSource.None, "no stored model; training was not requested")));
            return (models, statuses);
        }

        await _training.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var trained = await TrainAsync(missing.ToDictionary(t => t, t => schemas[t]), active, request, at, window, requests, degraded, cancellationToken).ConfigureAwait(false);

            // Until here every cycle scored with the models it had; from here on with the new ones, all at once.
            var fresh = trained.Where(t => t.Value.Model is not null).ToDictionary(t => t.Key, t => t.Value.Model!.Forest);
            ImmutableInterlocked.Update(ref _models, current => current.SetItems(fresh));
            foreach (var type in missing)
            {
                if (trained.TryGetValue(type, out var outcome) && outcome.Model is { } model)
                {
                    models[type] = model;
                    _untrainable.TryRemove(type, out _);
                    statuses.Add(new ModelStatus(type, ModelSource.Trained, outcome.Detail));
                }
                else if (request.Retrain.Contains(type) && (await LoadAsync(type, Models, degraded, cancellationToken).ConfigureAwait(false)).Forest is { } kept)
                {
                    var reason = trained.TryGetValue(type, out var failed) ? failed.Detail : "no history";
                    models[type] = new EntityModel(schemas[type], kept);
                    statuses.Add(new ModelStatus(type, ModelSource.Loaded, $"retraining failed ({reason}); kept the stored model {_store.Describe(type)}"));
                }
                else
                {
                    var reason = trained.TryGetValue(type, out var failed) ? failed.Detail : "no history";
                    _untrainable[type] = (at, reason);
                    ScanLog.ModelUnavailable(_logger, type.ToString(), reason);
                    statuses.Add(new ModelStatus(type, ModelSource.None, reason));
                }
            }
        }
        finally
        {
            _training.Release();
        }

        return (models, statuses);
    }

    /// <summary>
    /// The model of <paramref name="type"/> in <paramref name="inUse"/>, else the stored one (kept for the next cycles).
    /// <c>Refused</c> says why a stored model must not be used nor trained over (another cluster's, or the cluster
    /// could not be identified); an unreadable file is replaced by training.
    /// </summary>
    private async Task<(IsolationForest? Forest, string? Refused)> LoadAsync(EntityType type, IReadOnlyDictionary<EntityType, IsolationForest> inUse, List<string> degraded, CancellationToken cancellationToken)
    {
        if (inUse.TryGetValue(type, out var cached))
        {
            return (cached, null);
        }

        try
        {
            var forest = await _store.LoadAsync(type, cancellationToken).ConfigureAwait(false);
            if (forest is not null)
            {
                // A model trained meanwhile wins over the one just read.
                return (ImmutableInterlocked.GetOrAdd(ref _models, type, forest), null);
            }

            return (null, null);
        }
        catch (ModelOfAnotherClusterException e)
        {
            ScanLog.ModelRefused(_logger, type.ToString(), e.Message);
            return (null, e.Message);
        }
        catch (ClusterIdentityUnavailableException e)
        {
            return (null, $"not loaded: the cluster could not be identified ({e.Message}); next cycle tries again");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            degraded.Add($"[model:{type.ToString().ToLowerInvariant()}] error: {e.Message}; training a new one");
            return (null, null);
        }
    }

    /// <summary>"&lt;file&gt;, trained &lt;when&gt; on &lt;cluster&gt;": which model judged, and how old it is.</summary>
    private async Task<string> DescribeLoadedAsync(EntityType type, CancellationToken cancellationToken)
    {
        var training = await _store.LoadTrainingAsync(type, cancellationToken).ConfigureAwait(false);
        return training is null
            ? $"{_store.Describe(type)}, training time unknown"
            : $"{_store.Describe(type)}, trained {training.TrainedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}{(training.ClusterName is { } name ? $" on {name}" : "")}";
    }

    /// <summary>
    /// Reads the look-back before the current window with the same queries, cuts it into the windows the live path
    /// would have seen, and fits one forest per entity type on them.
    /// </summary>
    private async Task<Dictionary<EntityType, (EntityModel? Model, string Detail)>> TrainAsync(
        Dictionary<EntityType, FeatureSchema> schemas, IReadOnlyList<CatalogQuery> active, ScanRequest request, DateTimeOffset at, TimeSpan window,
        RequestCounter requests, List<string> degraded, CancellationToken cancellationToken)
    {
        var lookback = request.Lookback ?? TimeSpan.FromSeconds(_options.LookbackSeconds);
        var outcomes = new Dictionary<EntityType, (EntityModel?, string)>();
        if (lookback <= window)
        {
            foreach (var type in schemas.Keys)
            {
                outcomes[type] = (null, $"the look-back ({lookback}) must be longer than the window ({window})");
            }

            return outcomes;
        }

        // The current window is left out: it is what the model is about to judge.
        var end = at - window;
        var progress = new ProgressTracker(request.Progress, "training", _time);
        progress.Report($"reading {lookback.TotalHours:0.#} h of history to train {Words(schemas.Count)}", 0, active.Count, TimeSpan.FromSeconds(_prometheus.TimeoutSeconds));
        var trainingDegraded = new List<string>();
        var fetched = await FetchAsync(active, at - lookback, end, request.Namespaces, requests, trainingDegraded, cancellationToken).ConfigureAwait(false);
        degraded.AddRange(trainingDegraded.Select(d => "training " + d));
        var history = fetched.Builder.Build(scoredOnly: false);
        var scored = fetched.Builder.ScoredSignals;
        var step = TimeSpan.FromSeconds(_options.TrainingStepSeconds);
        var done = 0;
        foreach (var (type, schema) in schemas)
        {
            progress.Report($"training the {type.ToString().ToLowerInvariant()} model", done++, schemas.Count);
            var slices = history.Where(h => h.Entity.Type == type)
                .SelectMany(h => WindowSlicer.Slide(h, window, step))
                .Select(slice => EntityFactsReader.Complete(slice, scored));
            try
            {
                var set = ForestTrainer.BuildTrainingSet(slices, schema, _extractor);
                var model = ForestTrainer.Fit(set, _detection);
                await _store.SaveAsync(type, model.Forest, cancellationToken).ConfigureAwait(false);
                await SaveTrainingAsync(type, new ModelTraining(_time.GetUtcNow(), set.RowCount, at - lookback, end), degraded, cancellationToken).ConfigureAwait(false);
                var location = _store.Describe(type);
                ScanLog.ModelTrained(_logger, type.ToString(), set.RowCount, lookback, location);
                outcomes[type] = (model, $"trained on {set.RowCount} metric blocks from {lookback.TotalHours:0.#} h of history, saved to {location}");
            }
            catch (InvalidOperationException e)
            {
                outcomes[type] = (null, e.Message);
            }
            catch (IOException e)
            {
                degraded.Add($"[model:{type.ToString().ToLowerInvariant()}] error: could not save: {e.Message}");
                outcomes[type] = (null, $"could not save the model: {e.Message}");
            }
        }

        return outcomes;
    }

    private static string Words(int models) => models == 1 ? "1 model" : $"{models} models";

    /// <summary>The model is saved already; a lost training record only leaves its age unknown.</summary>
    private async Task SaveTrainingAsync(EntityType type, ModelTraining training, List<string> degraded, CancellationToken cancellationToken)
    {
        try
        {
            await _store.SaveTrainingAsync(type, training, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            degraded.Add($"[model:{type.ToString().ToLowerInvariant()}] error: could not record the training: {e.Message}");
        }
    }
}
