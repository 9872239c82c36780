using System.Globalization;
using System.Net;
using System.Text.Json;

namespace KubeWise.Core.Metrics;

/// <summary>Reads the Prometheus HTTP API envelope: <c>{"status", "data", "errorType", "error", "warnings"}</c>.</summary>
internal static class PrometheusResponseParser
{
    /// <summary>The parsed envelope; <see cref="Document"/> owns <see cref="Data"/> and must be disposed.</summary>
    internal sealed class Envelope(JsonDocument document, JsonElement data, IReadOnlyList<string> warnings) : IDisposable
    {
        public JsonDocument Document { get; } = document;

        public JsonElement Data { get; } = data;

        public IReadOnlyList<string> Warnings { get; } = warnings;

        public void Dispose() => Document.Dispose();
    }

    /// <summary>Parses a body; an error envelope (any HTTP status) becomes <see cref="PrometheusQueryException"/>.</summary>
    public static Envelope Parse(ReadOnlyMemory<byte> body, HttpStatusCode status, string endpoint, string? query)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new PrometheusProtocolException(
                $"Prometheus answered HTTP {(int)status} to {endpoint} with a body that is not JSON{ForQuery(query)}: {Snippet(body)}", endpoint, query, status, ex);
        }

        try
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var statusElement) || statusElement.ValueKind != JsonValueKind.String)
            {
                throw new PrometheusProtocolException(
                    $"Prometheus answered HTTP {(int)status} to {endpoint} without an API envelope{ForQuery(query)}: {Snippet(body)}", endpoint, query, status);
            }

            if (statusElement.GetString() == "error")
            {
                var errorType = root.TryGetProperty("errorType", out var et) && et.ValueKind == JsonValueKind.String ? et.GetString()! : "unknown";
                var error = root.TryGetProperty("error", out var er) && er.ValueKind == JsonValueKind.String ? er.GetString()! : "(no message)";
                throw new PrometheusQueryException(
                    $"Prometheus rejected {endpoint}{ForQuery(query)}: {errorType}: {error}", endpoint, query, errorType, status);
            }

            if (statusElement.GetString() != "success" || !root.TryGetProperty("data", out var data))
            {
                throw new PrometheusProtocolException(
                    $"Prometheus answered {endpoint} with status '{statusElement.GetString()}' and no data{ForQuery(query)}.", endpoint, query, status);
            }

            return new Envelope(document, data, ReadStrings(root, "warnings"));
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    public static PrometheusQueryResult ReadQueryResult(Envelope envelope, string endpoint, string query)
    {
        var data = envelope.Data;
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("resultType", out var typeElement) || !data.TryGetProperty("result", out var result))
        {
            throw Malformed(endpoint, query, "data has no resultType/result");
        }

        switch (typeElement.GetString())
        {
            case "vector":
                return new() { Query = query, ResultType = PrometheusResultType.Vector, Series = ReadSeries(result, "value", endpoint, query), Warnings = envelope.Warnings };
            case "matrix":
                return new() { Query = query, ResultType = PrometheusResultType.Matrix, Series = ReadSeries(result, "values", endpoint, query), Warnings = envelope.Warnings };
            case "scalar":
                return new() { Query = query, ResultType = PrometheusResultType.Scalar, Scalar = ReadSample(result, endpoint, query), Warnings = envelope.Warnings };
            case "string":
                if (result.ValueKind != JsonValueKind.Array || result.GetArrayLength() != 2)
                {
                    throw Malformed(endpoint, query, "a string result is not [time, \"text\"]");
                }

                return new() { Query = query, ResultType = PrometheusResultType.String, StringValue = result[1].GetString(), Warnings = envelope.Warnings };
            default:
                throw Malformed(endpoint, query, $"unknown resultType '{typeElement}'");
        }
    }

    public static List<string> ReadStringArray(JsonElement data, string endpoint, string? query)
    {
        if (data.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (data.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(endpoint, query, "data is not a list");
        }

        var items = new List<string>(data.GetArrayLength());
        foreach (var item in data.EnumerateArray())
        {
            items.Add(item.GetString() ?? string.Empty);
        }

        return items;
    }

    public static List<IReadOnlyDictionary<string, string>> ReadLabelSets(JsonElement data, string endpoint, string? query)
    {
        if (data.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (data.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(endpoint, query, "data is not a list of label sets");
        }

        var items = new List<IReadOnlyDictionary<string, string>>(data.GetArrayLength());
        foreach (var item in data.EnumerateArray())
        {
            items.Add(ReadLabels(item, endpoint, query));
        }

        return items;
    }

    /// <summary><c>global.external_labels</c> of the configuration YAML in <c>data.yaml</c>; none when it has none.</summary>
    public static IReadOnlyDictionary<string, string> ReadExternalLabels(JsonElement data, string endpoint)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("yaml", out var yaml) || yaml.ValueKind != JsonValueKind.String)
        {
            throw new PrometheusProtocolException($"Prometheus answered {endpoint} without data.yaml.", endpoint, null, null);
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        try
        {
            stream.Load(new StringReader(yaml.GetString()!));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new PrometheusProtocolException($"Prometheus answered {endpoint} with a configuration that is not YAML: {e.Message}", endpoint, null, null);
        }

        if (stream.Documents.Count > 0
            && stream.Documents[0].RootNode is YamlDotNet.RepresentationModel.YamlMappingNode root
            && root.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("global"), out var global)
            && global is YamlDotNet.RepresentationModel.YamlMappingNode globalMap
            && globalMap.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("external_labels"), out var external)
            && external is YamlDotNet.RepresentationModel.YamlMappingNode externalMap)
        {
            foreach (var (key, value) in externalMap.Children)
            {
                if (key is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } name } && value is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } text })
                {
                    labels[name] = text;
                }
            }
        }

        return labels;
    }

    public static List<PrometheusMetricMetadata> ReadMetadata(JsonElement data, string endpoint, string? query)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(endpoint, query, "metadata is not an object");
        }

        var items = new List<PrometheusMetricMetadata>();
        foreach (var metric in data.EnumerateObject())
        {
            // A metric exposed by several targets with different help texts is listed once per variant.
            foreach (var entry in metric.Value.EnumerateArray())
            {
                items.Add(new(metric.Name, Text(entry, "type"), Text(entry, "help"), Text(entry, "unit")));
            }
        }

        return items;
    }

    /// <summary>Prometheus writes sample values as strings so NaN and the infinities survive JSON.</summary>
    public static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static List<PrometheusSeries> ReadSeries(JsonElement result, string samplesProperty, string endpoint, string query)
    {
        if (result.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(endpoint, query, "result is not a list");
        }

        var series = new List<PrometheusSeries>(result.GetArrayLength());
        foreach (var item in result.EnumerateArray())
        {
            var labels = item.TryGetProperty("metric", out var metric) ? ReadLabels(metric, endpoint, query) : new Dictionary<string, string>();
            if (!item.TryGetProperty(samplesProperty, out var raw))
            {
                throw Malformed(endpoint, query, $"a series has no '{samplesProperty}'");
            }

            PrometheusSample[] samples;
            if (samplesProperty == "value")
            {
                samples = [ReadSample(raw, endpoint, query)];
            }
            else
            {
                samples = new PrometheusSample[raw.GetArrayLength()];
                var i = 0;
                foreach (var point in raw.EnumerateArray())
                {
                    samples[i++] = ReadSample(point, endpoint, query);
                }
            }

            series.Add(new PrometheusSeries(labels, samples));
        }

        return series;
    }

    private static PrometheusSample ReadSample(JsonElement point, string endpoint, string? query)
    {
        if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2 || point[0].ValueKind != JsonValueKind.Number || point[1].ValueKind != JsonValueKind.String)
        {
            throw Malformed(endpoint, query, $"a sample is not [time, \"value\"]: {point.GetRawText()}");
        }

        var milliseconds = (long)Math.Round(point[0].GetDouble() * 1000);
        var text = point[1].GetString()!;
        try
        {
            return new PrometheusSample(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), ParseValue(text));
        }
        catch (FormatException ex)
        {
            throw new PrometheusProtocolException($"Prometheus sent a sample value that is not a number: '{text}'{ForQuery(query)}.", endpoint, query, null, ex);
        }
    }

    private static Dictionary<string, string> ReadLabels(JsonElement metric, string endpoint, string? query)
    {
        if (metric.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(endpoint, query, "a label set is not an object");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in metric.EnumerateObject())
        {
            labels[label.Name] = label.Value.GetString() ?? string.Empty;
        }

        return labels;
    }

    private static List<string> ReadStrings(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var element) || element.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. element.EnumerateArray().Select(e => e.GetString() ?? string.Empty)];
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static PrometheusProtocolException Malformed(string endpoint, string? query, string what) =>
        new($"Prometheus answered {endpoint} with a malformed result ({what}){ForQuery(query)}.", endpoint, query, null);

    internal static string ForQuery(string? query) => string.IsNullOrEmpty(query) ? string.Empty : $" for '{query}'";

    private static string Snippet(ReadOnlyMemory<byte> body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, 200)]);
        return string.IsNullOrWhiteSpace(text) ? "(empty)" : text.ReplaceLineEndings(" ");
    }
}
