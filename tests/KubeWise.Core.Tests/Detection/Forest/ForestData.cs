using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace KubeWise.Core.Tests.Detection.Forest;

/// <summary>Deterministic metric-like rows: a tight normal cluster per feature.</summary>
internal static class ForestData
{
    public const int Features = 8;

    public static double[] Inliers(int rows, int seed)
    {
        var normal = new Normal(0, 1, new Xoshiro256StarStar(seed));
        var data = new double[rows * Features];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (10 * (i % Features)) + normal.Sample();
        }

        return data;
    }

    /// <summary>A typical row: every feature at its cluster centre.</summary>
    public static double[] Centre() => Enumerable.Range(0, Features).Select(f => 10.0 * f).ToArray();

    /// <summary>A row far outside the cluster on one feature only (subtle for an isolation forest: it travels with that feature's edge points).</summary>
    public static double[] SpikeOn(int feature, double size = 40) => SpikeOn([feature], size);

    /// <summary>A row far outside the cluster on the given features.</summary>
    public static double[] SpikeOn(int[] features, double size = 40)
    {
        var row = Centre();
        foreach (var feature in features)
        {
            row[feature] += size;
        }

        return row;
    }
}
