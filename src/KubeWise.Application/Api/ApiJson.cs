using System.Text.Json;
using KubeWise.Core.Events;

namespace KubeWise.Application.Api;

/// <summary>The API's JSON: the event store's options (the seed's snake_case names come from the records' attributes).</summary>
public static class ApiJson
{
    public const string MediaType = "application/json; charset=utf-8";

    /// <summary>What every reply is serialized with, and what the OpenAPI document's schemas are exported with.</summary>
    public static JsonSerializerOptions Options => EventJson.Options;
}
