using System.Text.Json.Serialization;

namespace KubeWise.Core.Detection.Forest;

/// <summary>The stored form of a forest (format version 1): trees in scikit-learn's array form, so a model is readable and portable.</summary>
internal sealed class ForestDocument
{
    public required int FormatVersion { get; init; }

    public required int FeatureCount { get; init; }

    public required int SampleSize { get; init; }

    public required double Offset { get; init; }

    public required List<TreeDocument> Trees { get; init; }
}

internal sealed class TreeDocument
{
    public required int[] Feature { get; init; }

    public required double[] Threshold { get; init; }

    public required int[] ChildrenLeft { get; init; }

    public required int[] ChildrenRight { get; init; }

    public required int[] NodeSamples { get; init; }
}

/// <summary>Read first, alone, so an unknown version is refused before its body is interpreted.</summary>
internal sealed class ForestVersionProbe
{
    public int? FormatVersion { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ForestDocument))]
[JsonSerializable(typeof(ForestVersionProbe))]
internal sealed partial class ForestJsonContext : JsonSerializerContext;
