using System.Security.Cryptography;
using System.Text;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Incidents;

/// <summary>
/// Names of one incident: the (entity, kind) pair, and the ids derived from it and the moment it opened. Derived,
/// never random, so a cycle run twice (a retried timer, a second replica) names the same orchestration and event.
/// </summary>
public static class IncidentKey
{
    /// <summary>The tracking key of (entity, kind).</summary>
    public static string Of(EntityKey entity, string kind) => $"{entity}|{kind}";

    /// <summary>The orchestration instance id of the incident of <paramref name="key"/> that opened at <paramref name="openedAt"/>.</summary>
    public static string InstanceId(string key, DateTimeOffset openedAt) =>
        $"remediation-{Hash(key)[..16]}-{openedAt.UtcDateTime:yyyyMMddTHHmmssZ}";

    /// <summary>The anomaly event id (a UUID, the seed's format) of the incident with <paramref name="instanceId"/>.</summary>
    public static string AnomalyId(string instanceId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("kubewise-anomaly\n" + instanceId))[..16];
        // RFC 9562 version 8 (custom) with the RFC variant: a valid UUID that says it is name-derived.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
