using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace KubeWise.Core.Detection.Forest;

public sealed partial class IsolationForest
{
    /// <summary>Fits a forest on row-major <paramref name="rows"/> with the trees, ψ and seed of <paramref name="options"/>.</summary>
    public static IsolationForest Fit(ReadOnlySpan<double> rows, int featureCount, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Fit(rows, featureCount, options.Trees, options.SampleSize, options.Seed);
    }

    /// <summary>Fits a forest on the rows of <paramref name="rows"/> (one row per observation).</summary>
    public static IsolationForest Fit(Matrix<double> rows, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Fit(rows.ToRowMajorArray(), rows.ColumnCount, options);
    }

    /// <summary>
    /// Fits <paramref name="trees"/> isolation trees, each on ψ = min(<paramref name="sampleSize"/>, rows) rows drawn
    /// without replacement, grown to depth ceil(log2 ψ) as in Liu, Ting &amp; Zhou (2008) and scikit-learn. The same
    /// data and <paramref name="seed"/> always give the same forest.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two rows, a ragged shape, or a NaN/infinite value.</exception>
    public static IsolationForest Fit(ReadOnlySpan<double> rows, int featureCount, int trees = 100, int sampleSize = 256, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 2);
        if (rows.Length % featureCount != 0)
        {
            throw new ArgumentException($"{rows.Length} values do not make whole rows of {featureCount} features.", nameof(rows));
        }

        var count = rows.Length / featureCount;
        if (count < 2)
        {
            throw new ArgumentException($"An isolation forest needs at least 2 training rows; got {count}.", nameof(rows));
        }

        for (var i = 0; i < rows.Length; i++)
        {
            if (!double.IsFinite(rows[i]))
            {
                throw new ArgumentException($"Training row {i / featureCount}, feature {i % featureCount} is {rows[i]}; training needs finite values.", nameof(rows));
            }
        }

        var psi = Math.Min(sampleSize, count);
        var maxDepth = (int)Math.Ceiling(Math.Log2(psi));
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var grower = new TreeGrower(featureCount, psi);
        var permutation = new int[count];
        for (var i = 0; i < count; i++)
        {
            permutation[i] = i;
        }

        var grown = new IsolationTree[trees];
        for (var t = 0; t < trees; t++)
        {
            // Partial Fisher–Yates: the first ψ slots become a uniform sample without replacement, whatever order
            // earlier trees left the permutation in, so it never needs resetting.
            for (var i = 0; i < psi; i++)
            {
                var j = i + random.Next(count - i);
                (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
                rows.Slice(permutation[i] * featureCount, featureCount).CopyTo(grower.SampleRow(i));
            }

            grown[t] = grower.Grow(random, maxDepth);
        }

        return FromTrees(grown, featureCount, psi);
    }
}
