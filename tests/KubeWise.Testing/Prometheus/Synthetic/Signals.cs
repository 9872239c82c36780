namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>
/// Deterministic signal shapes. Everything is a pure function of (seed, series key, time) so any window can be generated
/// without replaying history, and counters have closed-form integrals (monotonic by construction).
/// </summary>
internal static class Signals
{
    private const double Day = 86_400;

    /// <summary>Stable 64-bit FNV-1a: string.GetHashCode differs between processes.</summary>
    public static ulong Hash(string text, ulong seed)
    {
        var hash = 14695981039346656037UL ^ seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return Mix(hash);
    }

    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>Uniform in [0, 1) from a key and a step index.</summary>
    public static double Unit(ulong key, long index) => (Mix(key ^ (ulong)index * 0xD6E8FEB86659FD93UL) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [-1, 1).</summary>
    public static double Symmetric(ulong key, long index) => (2 * Unit(key, index)) - 1;

    /// <summary>
    /// A smooth load shape: a diurnal wave (peak mid-afternoon UTC) plus three slower "noise" waves with seeded phases.
    /// Its mean is 1 and it stays within [1 - amplitude - 0.12, 1 + amplitude + 0.12].
    /// </summary>
    public readonly record struct LoadShape(double Amplitude, double Phase1, double Phase2, double Phase3)
    {
        /// <summary>Scale of the three noise waves (1: ±0.12 in all); a steady workload has less.</summary>
        public double Noise { get; init; } = 1;

        private static readonly double DayOmega = 2 * Math.PI / Day;
        private static readonly double Omega1 = 2 * Math.PI / 420;   // 7 min
        private static readonly double Omega2 = 2 * Math.PI / 1380;  // 23 min
        private static readonly double Omega3 = 2 * Math.PI / 3660;  // 61 min

        public static LoadShape For(ulong key, double amplitude, double noise = 1) =>
            new(amplitude, Unit(key, 1) * 2 * Math.PI, Unit(key, 2) * 2 * Math.PI, Unit(key, 3) * 2 * Math.PI) { Noise = noise };

        /// <summary>Value at unix time <paramref name="t"/> seconds.</summary>
        public double At(double t) =>
            1 + (Amplitude * Math.Sin(DayOmega * (t - (9 * 3600)))) // peak at 15:00 UTC
              + (Noise * 0.05 * Math.Sin((Omega1 * t) + Phase1))
              + (Noise * 0.04 * Math.Sin((Omega2 * t) + Phase2))
              + (Noise * 0.03 * Math.Sin((Omega3 * t) + Phase3));

        /// <summary>An antiderivative of <see cref="At"/>.</summary>
        public double Integral(double t) =>
            t - (Amplitude / DayOmega * Math.Cos(DayOmega * (t - (9 * 3600))))
              - (Noise * 0.05 / Omega1 * Math.Cos((Omega1 * t) + Phase1))
              - (Noise * 0.04 / Omega2 * Math.Cos((Omega2 * t) + Phase2))
              - (Noise * 0.03 / Omega3 * Math.Cos((Omega3 * t) + Phase3));
    }

    /// <summary>CDF of a log-normal latency with median <paramref name="median"/> seconds and shape <paramref name="sigma"/>.</summary>
    public static double LogNormalCdf(double x, double median, double sigma)
    {
        if (double.IsPositiveInfinity(x))
        {
            return 1;
        }

        return x <= 0 ? 0 : 0.5 * (1 + Erf(Math.Log(x / median) / (sigma * Math.Sqrt(2))));
    }

    /// <summary>Mean of that log-normal.</summary>
    public static double LogNormalMean(double median, double sigma) => median * Math.Exp(sigma * sigma / 2);

    private static double Erf(double x)
    {
        // Abramowitz and Stegun 7.1.26: error below 1.5e-7, plenty for bucket shares.
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + (0.3275911 * x));
        var y = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}

/// <summary>A stretch of time during which a rate is replaced (constant) or scaled (multiplier).</summary>
internal readonly record struct RateOverride(double From, double To, double Value, bool IsConstant);

/// <summary>
/// A counter whose rate is <c>baseRate × load(t)</c> except in overrides; its value is the exact integral since
/// <c>origin</c>, plus a small bounded jitter that keeps it monotonic.
/// </summary>
internal sealed class CounterModel(double baseRate, Signals.LoadShape load, double origin, ulong jitterKey)
{
    private readonly List<RateOverride> _overrides = [];

    public double BaseRate => baseRate;

    public void Override(RateOverride value) => _overrides.Add(value);

    private double MinimumRate()
    {
        var minimum = baseRate * 0.3;
        foreach (var o in _overrides)
        {
            minimum = Math.Min(minimum, o.IsConstant ? o.Value : o.Value * baseRate * 0.3);
        }

        return Math.Max(0, minimum);
    }

    /// <summary>Rate at time t (for the live exporter and for assertions).</summary>
    public double RateAt(double t)
    {
        // The latest override wins, as it does for the builder's later calls.
        for (var i = _overrides.Count - 1; i >= 0; i--)
        {
            var o = _overrides[i];
            if (t >= o.From && t < o.To)
            {
                return o.IsConstant ? o.Value : o.Value * baseRate * load.At(t);
            }
        }

        return baseRate * load.At(t);
    }

    public double ValueAt(double t, long stepIndex, double step)
    {
        if (t <= origin)
        {
            return 0;
        }

        var total = baseRate * (load.Integral(t) - load.Integral(origin));
        foreach (var o in _overrides)
        {
            var from = Math.Max(o.From, origin);
            var to = Math.Min(o.To, t);
            if (to <= from)
            {
                continue;
            }

            var normal = baseRate * (load.Integral(to) - load.Integral(from));
            total += (o.IsConstant ? o.Value * (to - from) : o.Value * normal) - normal;
        }

        // Jitter below a quarter of the smallest possible increase per step: real counters are never perfectly smooth,
        // and a counter that went down would read as a reset.
        var jitter = 0.25 * MinimumRate() * step * Signals.Unit(jitterKey, stepIndex);
        return Math.Max(0, total + jitter);
    }
}
