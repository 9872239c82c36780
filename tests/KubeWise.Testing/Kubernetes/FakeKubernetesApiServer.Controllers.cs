using k8s;
using k8s.Models;

namespace KubeWise.Testing.Kubernetes;

public sealed partial class FakeKubernetesApiServer
{
    /// <summary>A delete by someone else (the ReplicaSet controller replacing a pod): not recorded as a request.</summary>
    public void Remove<T>(string? ns, string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        _state.Delete(TypeOf<T>(), ns, name, uid: null, resourceVersion: null, dryRun: false);
}
