namespace KubeWise.Core.Remediation.Catalog;

/// <summary>A command that sets a workload's replica count (the policy bounds and phases it).</summary>
public interface IScaleCommand
{
    int Replicas { get; }
}
