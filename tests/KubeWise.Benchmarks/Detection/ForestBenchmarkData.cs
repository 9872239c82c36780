using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace KubeWise.Benchmarks.Detection;

internal static class ForestBenchmarkData
{
    public const int Features = 8;

    /// <summary>Normal clusters per feature with 1% of rows pushed far out, so paths have realistic depths.</summary>
    public static double[] Rows(int count, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var normal = new Normal(0, 1, random);
        var rows = new double[count * Features];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (10 * (i % Features)) + normal.Sample();
        }

        for (var r = 0; r < count; r += 100)
        {
            rows[(r * Features) + (r % Features)] += 30;
        }

        return rows;
    }
}
