using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeWise.Testing.Kubernetes;

internal static class JsonNumbers
{
    // JsonValue.GetValue<long> fails on a value created from an int; reading the JSON text works for both.
    public static long? AsLong(this JsonNode? node) =>
        node is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
