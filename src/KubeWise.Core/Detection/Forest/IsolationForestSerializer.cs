using System.Text.Json;

namespace KubeWise.Core.Detection.Forest;

/// <summary>
/// Reads and writes forests as JSON with a <c>formatVersion</c>. JSON rather than a binary: a model is ~10^4 nodes,
/// loads once per process, stays inspectable and diffable, and System.Text.Json writes doubles in their shortest
/// round-trip form, so a read-back forest scores bit-for-bit like the original.
/// </summary>
public static class IsolationForestSerializer
{
    public const int CurrentFormatVersion = 1;

    public static byte[] Serialize(IsolationForest forest)
    {
        ArgumentNullException.ThrowIfNull(forest);
        return JsonSerializer.SerializeToUtf8Bytes(ToDocument(forest), ForestJsonContext.Default.ForestDocument);
    }

    public static Task SerializeAsync(IsolationForest forest, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(forest);
        return JsonSerializer.SerializeAsync(stream, ToDocument(forest), ForestJsonContext.Default.ForestDocument, cancellationToken);
    }

    /// <exception cref="InvalidDataException">Not a forest document, an unsupported <c>formatVersion</c>, or invalid trees.</exception>
    public static IsolationForest Deserialize(ReadOnlySpan<byte> json)
    {
        ForestVersionProbe? probe;
        try
        {
            probe = JsonSerializer.Deserialize(json, ForestJsonContext.Default.ForestVersionProbe);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The model is not valid JSON: {e.Message}", e);
        }

        var version = probe?.FormatVersion
            ?? throw new InvalidDataException("The model has no formatVersion; it is not a KubeWise forest.");
        if (version != CurrentFormatVersion)
        {
            throw new InvalidDataException($"The model has formatVersion {version}; this KubeWise reads formatVersion {CurrentFormatVersion} only.");
        }

        ForestDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, ForestJsonContext.Default.ForestDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The model does not match formatVersion {version}: {e.Message}", e);
        }

        return FromDocument(document ?? throw new InvalidDataException("The model is JSON null."));
    }

    public static async Task<IsolationForest> DeserializeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static ForestDocument ToDocument(IsolationForest forest)
    {
        var trees = new List<TreeDocument>(forest.TreeCount);
        for (var t = 0; t < forest.TreeCount; t++)
        {
            var tree = forest.GetTree(t);
            trees.Add(new TreeDocument
            {
                Feature = tree.Feature,
                Threshold = tree.Threshold,
                ChildrenLeft = tree.ChildrenLeft,
                ChildrenRight = tree.ChildrenRight,
                NodeSamples = tree.NodeSamples,
            });
        }

        return new ForestDocument
        {
            FormatVersion = CurrentFormatVersion,
            FeatureCount = forest.FeatureCount,
            SampleSize = forest.SampleSize,
            Offset = forest.Offset,
            Trees = trees,
        };
    }

    private static IsolationForest FromDocument(ForestDocument document)
    {
        try
        {
            var trees = document.Trees
                .Select(t => new IsolationTree(t.Feature, t.Threshold, t.ChildrenLeft, t.ChildrenRight, t.NodeSamples))
                .ToList();
            return IsolationForest.FromTrees(trees, document.FeatureCount, document.SampleSize, document.Offset);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The model's forest is invalid: {e.Message}", e);
        }
    }
}
