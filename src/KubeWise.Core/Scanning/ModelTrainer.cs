using System.Text.Json.Serialization;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Scanning;

/// <summary>What to train: every entity type that has no model, plus <paramref name="Retrain"/> even though they have one.</summary>
/// <param name="Retrain">Types whose model is trained again from history and replaced; a type whose retraining fails keeps its model.</param>
public sealed record ModelTrainingRequest(IReadOnlyList<EntityType> Retrain)
{
    /// <summary>The seed's call: train the missing models, leave existing ones alone.</summary>
    public static ModelTrainingRequest MissingOnly { get; } = new([]);

    /// <summary>Retrain every model (<c>force</c>).</summary>
    public static ModelTrainingRequest All { get; } = new(Enum.GetValues<EntityType>());
}

/// <summary>What a training run did.</summary>
/// <param name="At">The evaluation time the history was read up to.</param>
/// <param name="Failure">Set when nothing could be trained or judged (Prometheus unreachable, every query failed).</param>
/// <param name="Models">Each entity type the current metrics show, with where its model now comes from.</param>
/// <param name="Retrained">Requested types that were retrained.</param>
/// <param name="NotMeasured">Requested types the current metrics do not show, so nothing could be trained for them.</param>
/// <param name="Degraded">What did not work but did not stop the run.</param>
public sealed record ModelTrainingReport(
    DateTimeOffset At,
    string? Failure,
    IReadOnlyList<ModelStatus> Models,
    IReadOnlyList<EntityType> Retrained,
    IReadOnlyList<EntityType> NotMeasured,
    IReadOnlyList<string> Degraded)
{
    [JsonIgnore]
    public bool Succeeded => Failure is null;

    [JsonIgnore]
    public int TrainedCount => Models.Count(m => m.Source == ModelSource.Trained);

    [JsonIgnore]
    public int LoadedCount => Models.Count(m => m.Source == ModelSource.Loaded);
}

/// <summary>
/// Trains models from Prometheus history on request, through the scan's own path (same queries, entities and
/// windows), so a trained model is the one the timer's cycles would have trained. Types whose history was too short a
/// moment ago are tried again. The scan keeps scoring with the models it has until the run ends; then the new ones
/// replace them all at once (<see cref="ScanCycle.Models"/>). Slow (it reads the whole look-back): run it in the
/// background, not inside a request.
/// </summary>
public sealed class ModelTrainer(ScanCycle scan)
{
    public async Task<ModelTrainingReport> TrainAsync(ModelTrainingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var retrain = request.Retrain.Distinct().ToList();
        var report = await scan.RunAsync(new ScanRequest { TrainMissingModels = true, Retrain = retrain, RetryUntrainable = true }, cancellationToken).ConfigureAwait(false);
        if (!report.Succeeded)
        {
            return new ModelTrainingReport(report.At, report.Failure, [], [], [], report.Degraded);
        }

        return new ModelTrainingReport(
            report.At,
            null,
            report.Models,
            [.. report.Models.Where(m => m.Source == ModelSource.Trained && retrain.Contains(m.EntityType)).Select(m => m.EntityType)],
            [.. retrain.Where(t => report.Models.All(m => m.EntityType != t))],
            report.Degraded);
    }
}
