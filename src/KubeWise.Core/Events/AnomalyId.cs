using System.Security.Cryptography;
using System.Text;

namespace KubeWise.Core.Events;

/// <summary>Anomaly ids are UUID strings (the seed's format); this checks and normalizes them.</summary>
public static class AnomalyId
{
    /// <summary>A new random id, in the canonical lowercase form.</summary>
    public static string New() => Guid.NewGuid().ToString("D");

    /// <summary>The canonical lowercase form of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a UUID.</exception>
    public static string Normalize(string? value, string paramName = "anomaly_id")
    {
        if (string.IsNullOrWhiteSpace(value) || !Guid.TryParseExact(value.Trim(), "D", out var guid))
        {
            throw new ArgumentException(
                $"anomaly_id must be a UUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301, got '{Truncate(value)}'.", paramName);
        }

        return guid.ToString("D");
    }

    /// <summary>
    /// A stable 12-byte key derived from the id. MongoDB (and the CongoDB wire server) key documents by an ObjectId
    /// <c>_id</c>, which is unique even where secondary unique indexes are not enforced, so keying on this makes
    /// create-by-upsert idempotent without relying on a unique index.
    /// </summary>
    internal static byte[] StableKey(string scope, string normalizedId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + normalizedId));
        return hash[..12];
    }

    private static string Truncate(string? value) =>
        value is null ? "(null)" : value.Length > 64 ? value[..64] + "…" : value;
}
