using System.Text.Json;
using KubeWise.Core.Analysis.Gemini;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>Reads the model's proposals strictly; an item that is not four strings is rejected with its reason, never repaired.</summary>
public static class QueryProposalParser
{
    public static (IReadOnlyList<ProposedQuery> Proposals, IReadOnlyList<(string Raw, string Reason)> Malformed) Parse(GeminiAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer.Text);
        }
        catch (JsonException ex)
        {
            throw new GeminiException(GeminiFailure.UnparseableOutput, $"Gemini's query proposals are not valid JSON: {ex.Message}", answer.Usage, inner: ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("queries", out var queries) || queries.ValueKind != JsonValueKind.Array)
            {
                throw new GeminiException(GeminiFailure.UnparseableOutput, "Gemini's query proposals have no 'queries' array.", answer.Usage);
            }

            var proposals = new List<ProposedQuery>();
            var malformed = new List<(string, string)>();
            foreach (var item in queries.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && Text(item, "id") is { } id && Text(item, "expression") is { } expression
                    && Text(item, "entity_type") is { } type && Text(item, "description") is { } description)
                {
                    proposals.Add(new ProposedQuery(id.Trim(), expression.Trim(), type.Trim().ToLowerInvariant(), description.Trim()));
                }
                else
                {
                    malformed.Add((item.GetRawText(), "a proposal needs the strings id, expression, entity_type and description"));
                }
            }

            return (proposals, malformed);
        }
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;
}
