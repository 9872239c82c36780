using System.Text.Json;
using KubeWise.Core.Detection.Forest;
using KubeWise.Testing;

namespace KubeWise.Core.Tests.Detection.Forest;

/// <summary>The scikit-learn forest exported by Fixtures/generate_sklearn_forest.py, with its rows and scores.</summary>
public sealed class SklearnForestFixture
{
    private static readonly Lazy<SklearnForestFixture> Cached = new(Read);

    public required int FeatureCount { get; init; }

    public required int MaxSamples { get; init; }

    public required double Offset { get; init; }

    public required List<ExportedTree> Trees { get; init; }

    public required double[][] Train { get; init; }

    public required double[][] Rows { get; init; }

    public required double[] ScoreSamples { get; init; }

    public required double[] DecisionFunction { get; init; }

    public static SklearnForestFixture Instance => Cached.Value;

    public double[] TrainRowMajor => Train.SelectMany(r => r).ToArray();

    public double[] RowsRowMajor => Rows.SelectMany(r => r).ToArray();

    public IsolationForest ToForest() => IsolationForest.FromTrees(
        Trees.Select(t => new IsolationTree(t.Feature, t.Threshold, t.ChildrenLeft, t.ChildrenRight, t.NodeSamples)).ToList(),
        FeatureCount,
        MaxSamples,
        Offset);

    private static SklearnForestFixture Read()
    {
        var path = RepositoryPaths.Combine("tests", "KubeWise.Core.Tests", "Detection", "Fixtures", "sklearn-isolation-forest.json");
        return JsonSerializer.Deserialize<SklearnForestFixture>(File.ReadAllBytes(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    public sealed record ExportedTree(int[] Feature, double[] Threshold, int[] ChildrenLeft, int[] ChildrenRight, int[] NodeSamples);
}
