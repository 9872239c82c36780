using KubeWise.Core.Detection.Features;

namespace KubeWise.Core.Detection;

/// <summary>Row-major training rows (one per metric block, <see cref="FeatureSchema.BlockWidth"/> wide) for one schema, and how many history windows were left out and why.</summary>
public sealed record TrainingSet(FeatureSchema Schema, double[] Rows, int RowCount, int SkippedDuringRollout, int SkippedTooShort);
