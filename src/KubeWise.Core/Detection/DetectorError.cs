using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection;

/// <summary>A detector that threw on one entity; the cycle went on without it. Printed as <c>[name] error: message</c>.</summary>
public sealed record DetectorError(string Detector, EntityKey Entity, string Message)
{
    public override string ToString() => $"[{Detector}] error: {Message} ({Entity})";
}
