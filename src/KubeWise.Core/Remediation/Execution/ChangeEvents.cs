using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// Writes the core/v1 Event that <c>kubectl describe</c> shows under the changed object: the reason, the anomaly id,
/// who approved, and the command. The Event's name is derived from the anomaly and command, so a retried create
/// answers AlreadyExists instead of adding a second Event.
/// </summary>
public static class ChangeEvents
{
    public const string RemediatedReason = "KubeWiseRemediated";
    public const string RolledBackReason = "KubeWiseRolledBack";
    public const string RollbackFailedReason = "KubeWiseRollbackFailed";

    public static async Task<string?> RecordAsync(OperationContext context, ObjectReference target, JsonObject? item, string reason,
        string message, string approvedBy, CancellationToken ct, bool warning = false)
    {
        var now = context.Time.GetUtcNow().UtcDateTime;
        // Events of cluster-scoped objects live in "default", where kubectl describe node looks for them.
        var ns = target.Namespace ?? "default";
        var suffix = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{reason}/{context.Marker}")))[..12];
        var name = $"{(target.Name.Length > 200 ? target.Name[..200] : target.Name)}.kubewise.{suffix}";
        var body = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Annotations = new Dictionary<string, string> { [KubeWiseAnnotations.Applied] = context.Marker },
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = ClusterObjects.ApiVersion(target.Kind),
                Kind = target.Kind,
                Name = target.Name,
                NamespaceProperty = target.Namespace,
                Uid = item is null ? null : ClusterObjects.Uid(item),
                ResourceVersion = item is null ? null : ClusterObjects.ResourceVersion(item),
            },
            Reason = reason,
            Message = $"{message} for anomaly {context.AnomalyId}, approved by {approvedBy}",
            Type = warning ? "Warning" : "Normal",
            Action = reason,
            Source = new V1EventSource { Component = context.Options.Component },
            ReportingComponent = context.Options.Component,
            ReportingInstance = context.Options.Component,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        // Two tries: the Event's name is fixed, so a second create after a lost answer finds AlreadyExists, not a duplicate.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ClusterObjects.Call(() => context.Client.CoreV1.CreateNamespacedEventAsync(body, ns, cancellationToken: ct)).ConfigureAwait(false);
                return null;
            }
            catch (KubernetesApiException e) when (e.IsConflict)
            {
                return null;
            }
            catch (KubernetesApiException e) when (attempt == 1 && (e.IsServerError || e.IsTooManyRequests))
            {
                await Task.Delay(context.Options.RetryBaseDelay, context.Time, ct).ConfigureAwait(false);
            }
            catch (KubernetesApiException e)
            {
                context.Logger.LogEventFailed(target.ToString(), e.Status.ToString());
                return $"the Kubernetes Event could not be recorded: {e.Status}";
            }
        }
    }
}
