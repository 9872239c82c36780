using System.Runtime.CompilerServices;

namespace KubeWise.Core.Detection.Forest;

/// <summary>
/// Maps finite doubles to longs with the same order, so a descent compares integers: an integer load and compare
/// is several cycles shorter than a floating-point one on the loop-carried path from node to child.
/// </summary>
internal static class OrderedKey
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Of(double value)
    {
        // + 0.0 turns -0.0 into +0.0, which the double comparison treats as equal.
        var bits = BitConverter.DoubleToInt64Bits(value + 0.0);
        return bits ^ ((bits >> 63) & long.MaxValue);
    }
}
