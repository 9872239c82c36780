namespace KubeWise.Core.Detection.Features;

/// <summary>
/// The statistics computed per metric. Counters are first turned into their per-second rate (resets handled), so every
/// statistic of a counter describes its rate. "Recent" is the newest part of the window, "baseline" the older part.
/// </summary>
public enum FeatureStatistic
{
    /// <summary>Newest value; deviation = change relative to the baseline level.</summary>
    Last,

    /// <summary>Mean of the recent part; deviation in baseline noise units.</summary>
    Mean,

    /// <summary>Noise (detrended standard deviation) of the recent part; deviation = ln of its ratio to the baseline's, so a flat-line is strongly negative.</summary>
    Std,

    /// <summary>Minimum of the recent part; deviation from the baseline minimum in noise units.</summary>
    Min,

    /// <summary>Maximum of the recent part; deviation from the baseline maximum in noise units.</summary>
    Max,

    /// <summary>Least-squares slope over the whole window per second; deviation = change across the window in noise units (a slow leak).</summary>
    Slope,

    /// <summary>Newest first difference; deviation in noise units (a spike).</summary>
    Diff,

    /// <summary>Z-score of the newest value against the baseline mean and noise.</summary>
    ZScore,

    /// <summary>Counters only: time-weighted per-second rate of the recent part; deviation from the baseline rate in noise units.</summary>
    Rate,
}
