using System.Text.Json;
using k8s;
using k8s.Models;

namespace KubeWise.Core.Kubernetes;

/// <summary>The API server's <c>Status</c> for a failed request, kept as the server sent it so people see the real reason.</summary>
/// <param name="Code">HTTP status code (404, 409, 422, 429, 500...).</param>
/// <param name="Reason">The Status reason (<c>NotFound</c>, <c>Conflict</c>, <c>Invalid</c>, <c>TooManyRequests</c>...).</param>
/// <param name="Message">The server's message.</param>
/// <param name="Causes">The field causes of an <c>Invalid</c> or a PDB refusal, as "field: message".</param>
/// <param name="RetryAfterSeconds">The server's Retry-After, when it sent one.</param>
public sealed record ApiStatus(int Code, string Reason, string Message, IReadOnlyList<string> Causes, int? RetryAfterSeconds = null)
{
    public static ApiStatus From(V1Status status) => new(
        status.Code ?? 0,
        status.Reason ?? "",
        status.Message ?? "",
        status.Details?.Causes?.Select(c => string.IsNullOrEmpty(c.Field) ? c.Message ?? c.Reason ?? "" : $"{c.Field}: {c.Message}").ToList() ?? [],
        status.Details?.RetryAfterSeconds);

    /// <summary>Reads a response body as a Status; a body that is not one (a proxy's HTML page) is kept as the message.</summary>
    public static ApiStatus FromResponse(int code, string? body, string? reasonPhrase)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                var status = KubernetesJson.Deserialize<V1Status>(body);
                if (status is { Kind: "Status" })
                {
                    return From(status) with { Code = status.Code ?? code };
                }
            }
            catch (JsonException)
            {
                // Not JSON: fall through and keep the text.
            }
        }

        var text = string.IsNullOrWhiteSpace(body) ? reasonPhrase ?? "" : body.Length > 500 ? body[..500] : body;
        return new ApiStatus(code, reasonPhrase ?? "", text, []);
    }

    public override string ToString() => $"{Code} {Reason}: {Message}";
}
