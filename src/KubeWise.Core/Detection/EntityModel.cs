using KubeWise.Core.Detection.Features;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Detection;

/// <summary>A forest together with the feature schema its rows were built with: one per entity type.</summary>
public sealed record EntityModel
{
    public EntityModel(FeatureSchema schema, IsolationForest forest)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(forest);
        if (schema.FeatureCount != forest.FeatureCount)
        {
            throw new ArgumentException($"The forest scores {forest.FeatureCount} features but the {schema.EntityType} schema has {schema.FeatureCount}.", nameof(forest));
        }

        Schema = schema;
        Forest = forest;
    }

    public FeatureSchema Schema { get; }

    public IsolationForest Forest { get; }
}
