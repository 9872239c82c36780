namespace KubeWise.Core.Detection.Features;

/// <summary>The feature knobs of <see cref="DetectionOptions"/>, copied once so the hot loop reads plain fields.</summary>
internal readonly record struct FeatureSettings(double RecentFraction, int MinimumPoints, double RelativeScaleFloor, double AbsoluteScaleFloor, double DeviationLimit)
{
    public static FeatureSettings From(DetectionOptions options) => new(
        options.RecentFraction,
        Math.Max(4, options.MinimumPoints),
        options.RelativeScaleFloor,
        options.AbsoluteScaleFloor,
        options.DeviationLimit);
}
