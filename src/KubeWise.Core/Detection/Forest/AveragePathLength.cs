using MathNet.Numerics;

namespace KubeWise.Core.Detection.Forest;

/// <summary>c(n): the average path length of an unsuccessful binary-search-tree search among n points.</summary>
/// <remarks>
/// Liu, Ting &amp; Zhou (2008), eq. 1: c(n) = 2H(n-1) - 2(n-1)/n, with the harmonic number H(i) estimated by
/// ln(i) + γ as the paper does. scikit-learn uses the same estimate and defines c(1) = 0 and c(2) = 1; keeping
/// that (rather than exact harmonic numbers) is what lets KubeWise reproduce its scores.
/// </remarks>
public static class AveragePathLength
{
    public static double Of(int n) => n switch
    {
        <= 1 => 0.0,
        2 => 1.0,
        _ => (2.0 * (Math.Log(n - 1.0) + Constants.EulerMascheroni)) - (2.0 * (n - 1.0) / n),
    };
}
