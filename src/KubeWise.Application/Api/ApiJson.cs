using System.Text.Json;
using KubeWise.Core.Events;

namespace KubeWise.Application.Api;

/// <summary>The API's JSON: the event store's options (the seed's snake_case names come from the records' attributes).</summary>
public static class ApiJson
{
    public const string MediaType = "application/json; charset=utf-8";

    /// <summary>What every reply is serialized with, and what the OpenAPI document's schemas are exported with.</summary>
    public static JsonSerializerOptions Options { get; } = Frozen(EventJson.Options);

    private static JsonSerializerOptions Frozen(JsonSerializerOptions options)
    {
        // The schema exporter needs a resolver; serializing would set the same default one on first use anyway.
        if (!options.IsReadOnly)
        {
            options.MakeReadOnly(populateMissingResolver: true);
        }

        return options;
    }
}
