using System.Globalization;
using System.Text.Json;

namespace KubeWise.Core.Configuration;

/// <summary>
/// One seed configuration name (the Python version's environment variable) and the options path it sets.
/// </summary>
/// <param name="SeedName">The seed's name, e.g. <c>PROMETHEUS_URL</c>.</param>
/// <param name="OptionsPath">The configuration path it maps to, e.g. <c>Prometheus:Url</c>.</param>
/// <param name="Default">The default that applies when neither is set, as documentation.</param>
/// <param name="Description">What it controls.</param>
/// <param name="Expand">Turns the seed value into one or more configuration entries (lists, enum spellings).</param>
public sealed record SeedSetting(
    string SeedName,
    string OptionsPath,
    string Default,
    string Description,
    Func<string, string, IEnumerable<KeyValuePair<string, string?>>>? Expand = null)
{
    public IEnumerable<KeyValuePair<string, string?>> ToEntries(string value) =>
        Expand is null ? [new(OptionsPath, value.Trim())] : Expand(OptionsPath, value);
}

/// <summary>
/// The single place that maps every configuration name of the seed to its options path.
/// README's configuration table lists the same rows; a test keeps them in step.
/// </summary>
public static class SeedSettings
{
    public static IReadOnlyList<SeedSetting> All { get; } =
    [
        new("MONGODB_ATLAS_URI", "Mongo:ConnectionString", "(unset: embedded LiteDB store)", "MongoDB connection string; selects the MongoDB event store."),
        new("MONGODB_DB_NAME", "Mongo:DatabaseName", "k8s_monitoring", "MongoDB database name."),
        new("GEMINI_API_KEY", "Gemini:ApiKey", "(unset: rule analyzer)", "Gemini Developer API key."),
        new("PROMETHEUS_URL", "Prometheus:Url", "http://localhost:9090", "Prometheus server URL."),
        new("LOG_LEVEL", "Logging:LogLevel:Default", "INFO", "Logging level (DEBUG, INFO, WARNING, ERROR, CRITICAL).", ExpandLogLevel),
        new("WORKER_SLEEP_INTERVAL_SECONDS", "Worker:SleepIntervalSeconds", "30", "Seconds between scan cycles."),
        new("PROMETHEUS_SCRAPE_INTERVAL_SECONDS", "Prometheus:ScrapeIntervalSeconds", "15", "Query step of range queries, in seconds."),
        new("ANOMALY_SCORE_THRESHOLD", "Detection:ScoreThreshold", "-0.2", "An entity is anomalous when the forest's decision value is below this."),
        new("ANOMALY_METRIC_WINDOW_SECONDS", "Detection:MetricWindowSeconds", "600", "Length of the metric window scored per entity, in seconds."),
        new("ANOMALY_MODEL_PATH", "Detection:ModelPath", "(unset: a folder per cluster in the data directory)", "File the trained model is kept in."),
        new("REMEDIATION_MODE", "Remediation:Mode", "MANUAL", "MANUAL (a person approves each fix) or AUTO.", ExpandUpper),
        new("GEMINI_AUTO_ANALYSIS", "Gemini:AutoAnalysis", "true", "Ask Gemini for root cause and fix; false uses the rule analyzer."),
        new("GEMINI_AUTO_VERIFICATION", "Gemini:AutoVerification", "true", "Ask Gemini whether a fix worked; false uses the rule verifier."),
        new("DEFAULT_PROMQL_QUERIES", "Prometheus:DefaultQueries", "(none)", "Extra PromQL queries: a JSON array of strings, or one query per line.", ExpandList),
    ];

    private static IEnumerable<KeyValuePair<string, string?>> ExpandUpper(string path, string value) =>
        [new(path, value.Trim().ToUpperInvariant())];

    /// <summary>The original spellings of <c>LOG_LEVEL</c> and the .NET level each sets.</summary>
    public static IReadOnlyDictionary<string, string> LogLevels { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["TRACE"] = "Trace",
        ["DEBUG"] = "Debug",
        ["INFO"] = "Information",
        ["WARNING"] = "Warning",
        ["WARN"] = "Warning",
        ["ERROR"] = "Error",
        ["CRITICAL"] = "Critical",
    };

    private static IEnumerable<KeyValuePair<string, string?>> ExpandLogLevel(string path, string value)
    {
        var trimmed = value.Trim();
        if (LogLevels.TryGetValue(trimmed, out var level))
        {
            return [new(path, level)];
        }

        // The .NET names (Information, None, ...) are accepted as they are; anything else is a typo to report, not to pass on.
        if (Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(trimmed, ignoreCase: true, out var parsed) && !int.TryParse(trimmed, out _))
        {
            return [new(path, parsed.ToString())];
        }

        throw new InvalidSettingException("LOG_LEVEL",
            $"LOG_LEVEL is '{trimmed}', which is not a log level. Use one of DEBUG, INFO, WARNING, ERROR, CRITICAL.");
    }

    private static IEnumerable<KeyValuePair<string, string?>> ExpandList(string path, string value)
    {
        var trimmed = value.Trim();
        string[] items;
        if (trimmed.StartsWith('['))
        {
            try
            {
                items = JsonSerializer.Deserialize<string[]>(trimmed) ?? [];
            }
            catch (JsonException ex)
            {
                throw new InvalidSettingException("DEFAULT_PROMQL_QUERIES",
                    $"DEFAULT_PROMQL_QUERIES is not a valid JSON array of strings: {ex.Message}. Give a JSON array, or one query per line.", ex);
            }
        }
        else
        {
            items = trimmed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return items.Select((q, i) => new KeyValuePair<string, string?>(
            $"{path}:{i.ToString(CultureInfo.InvariantCulture)}", q));
    }
}
