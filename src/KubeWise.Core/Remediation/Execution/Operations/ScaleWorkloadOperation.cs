using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>
/// <c>kubectl scale</c> through the scale subresource, one phase per call (the orchestration waits between phases).
/// The scale subresource cannot carry annotations, so the marker goes first in its own merge patch, then the
/// Scale is replaced with the resourceVersion the marker write returned as precondition:
/// <code>
/// PATCH /apis/apps/v1/namespaces/{ns}/{deployments|statefulsets}/{name}          (merge-patch+json)
/// {"metadata":{"resourceVersion":"…","annotations":{"kubewise.io/applied":"…"}}}
/// PUT   /apis/apps/v1/namespaces/{ns}/{deployments|statefulsets}/{name}/scale    (autoscaling/v1 Scale)
/// {"metadata":{"name":"…","namespace":"…","resourceVersion":"…"},"spec":{"replicas":N}}
/// </code>
/// A retry that finds the marker scales only while spec.replicas still holds the validated value.
/// </summary>
public sealed class ScaleWorkloadOperation : RemediationOperation
{
    private static readonly ObjectField ReplicasField = ObjectField.Parse("spec.replicas");

    public ScaleWorkloadOperation(ScaleDeploymentCommand command)
        : base(command)
    {
        Replicas = command.Replicas;
    }

    public ScaleWorkloadOperation(ScaleStatefulSetCommand command)
        : base(command)
    {
        Replicas = command.Replicas;
    }

    /// <summary>The replica count of this phase.</summary>
    public int Replicas { get; }

    public override Task<JsonObject> WriteAsync(OperationContext context, JsonObject live, bool dryRun, CancellationToken ct)
    {
        var patch = new JsonObject { ["metadata"] = ClusterObjects.MarkedMetadata(live, context.Marker) };
        return ClusterObjects.PatchAsync(context.Client, Target, patch, V1Patch.PatchType.MergePatch, dryRun, ct);
    }

    public override async Task<FollowUpOutcome> CompleteAsync(OperationContext context, JsonObject live, ValidatedState validated, bool dryRun, CancellationToken ct)
    {
        var current = ReplicasField.Read(live)?.ToJsonString();
        if (current == Replicas.ToString(CultureInfo.InvariantCulture))
        {
            return new FollowUpOutcome(false, false, [$"spec.replicas is already {Replicas}"]);
        }

        var expected = validated.Fields.FirstOrDefault(f => f.Path == ReplicasField.Text)?.Json;
        if (current != expected)
        {
            throw new RevalidationException(
                $"spec.replicas is {current ?? "unset"}, neither the validated {expected ?? "unset"} nor the target {Replicas}: someone else scaled {Target}; not scaling.");
        }

        var scale = new V1Scale
        {
            ApiVersion = "autoscaling/v1",
            Kind = "Scale",
            Metadata = new V1ObjectMeta { Name = Target.Name, NamespaceProperty = Target.Namespace, ResourceVersion = ClusterObjects.ResourceVersion(live) },
            Spec = new V1ScaleSpec { Replicas = Replicas },
        };
        var dry = ClusterObjects.DryRun(dryRun);
        var client = context.Client;
        _ = Target.Kind == "Deployment"
            ? await ClusterObjects.Call(() => client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, Target.Name, Target.Namespace, dryRun: dry, cancellationToken: ct)).ConfigureAwait(false)
            : await ClusterObjects.Call(() => client.AppsV1.ReplaceNamespacedStatefulSetScaleAsync(scale, Target.Name, Target.Namespace, dryRun: dry, cancellationToken: ct)).ConfigureAwait(false);
        return new FollowUpOutcome(true, false, [$"spec.replicas {current} -> {Replicas}"]);
    }

    public override string Describe() => $"Scaled {Target} to {Replicas} replicas";
}
