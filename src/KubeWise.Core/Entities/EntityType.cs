namespace KubeWise.Core.Entities;

/// <summary>What an entity is; workloads aggregate their pods, so a rolling update stays one entity.</summary>
public enum EntityType
{
    Deployment,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
    Node,
    ControlPlane,
    Pod,
}
