using k8s.Models;
using KubeWise.Deployment.Tests.Support;

namespace KubeWise.Deployment.Tests.K8s;

/// <summary>
/// The checks of Kubernetes' "restricted" Pod Security Standard (the namespace enforces it), applied to every pod
/// template, so a manifest the admission controller would refuse fails here first.
/// </summary>
public class PodSecurityTests
{
    private static readonly HashSet<string> AllowedVolumeTypes =
        ["ConfigMap", "Csi", "DownwardAPI", "EmptyDir", "Ephemeral", "PersistentVolumeClaim", "Projected", "Secret"];

    public static TheoryData<string> KubernetesKustomizations => new(["k8s", "k8s/overlays/kind"]);

    [Theory]
    [MemberData(nameof(KubernetesKustomizations))]
    public void EveryPodTemplate_PassesTheRestrictedProfile(string kustomization)
    {
        var specs = Manifests.PodSpecs(kustomization).ToList();
        Assert.NotEmpty(specs);

        var violations = specs.SelectMany(s => RestrictedViolations(s.Spec).Select(v => $"{s.Owner}: {v}")).ToList();

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void RestrictedCheck_FlagsAPrivilegedRootContainer()
    {
        var spec = new V1PodSpec
        {
            HostNetwork = true,
            Containers = [new V1Container { Name = "bad", SecurityContext = new V1SecurityContext { Privileged = true, RunAsUser = 0 } }],
            Volumes = [new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/" } }],
        };

        var violations = RestrictedViolations(spec);

        Assert.Contains(violations, v => v.Contains("hostNetwork", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("privileged", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("runAsNonRoot", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("runAsUser 0", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("HostPath", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("seccomp", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("drop ALL", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KubernetesKustomizations))]
    public void EveryContainer_HasRequestsLimitsAndProbes(string kustomization)
    {
        foreach (var (owner, spec) in Manifests.PodSpecs(kustomization))
        {
            foreach (var c in spec.Containers)
            {
                Assert.True(c.Resources?.Requests?.ContainsKey("cpu") == true && c.Resources.Requests.ContainsKey("memory"), $"{owner}/{c.Name}: requests");
                Assert.True(c.Resources?.Limits?.ContainsKey("cpu") == true && c.Resources.Limits.ContainsKey("memory"), $"{owner}/{c.Name}: limits");
                Assert.True(c.ReadinessProbe is not null && c.LivenessProbe is not null, $"{owner}/{c.Name}: probes");
            }
        }
    }

    internal static List<string> RestrictedViolations(V1PodSpec spec)
    {
        var v = new List<string>();
        if (spec.HostNetwork == true || spec.HostPID == true || spec.HostIPC == true)
        {
            v.Add("hostNetwork/hostPID/hostIPC must be unset");
        }

        foreach (var volume in spec.Volumes ?? [])
        {
            var type = typeof(V1Volume).GetProperties()
                .Where(p => p.Name != nameof(V1Volume.Name) && p.GetValue(volume) is not null)
                .Select(p => p.Name)
                .SingleOrDefault() ?? "none";
            if (!AllowedVolumeTypes.Contains(type))
            {
                v.Add($"volume {volume.Name} of type {type} is not allowed");
            }
        }

        var pod = spec.SecurityContext;
        if (pod?.RunAsUser == 0)
        {
            v.Add("pod runAsUser 0");
        }

        foreach (var c in spec.Containers.Concat(spec.InitContainers ?? []))
        {
            var sc = c.SecurityContext;
            var name = $"container {c.Name}";
            if (sc?.Privileged == true)
            {
                v.Add($"{name}: privileged");
            }

            if (sc?.AllowPrivilegeEscalation != false)
            {
                v.Add($"{name}: allowPrivilegeEscalation must be false");
            }

            if ((sc?.RunAsNonRoot ?? pod?.RunAsNonRoot) != true)
            {
                v.Add($"{name}: runAsNonRoot must be true");
            }

            if (sc?.RunAsUser == 0)
            {
                v.Add($"{name}: runAsUser 0");
            }

            var seccomp = sc?.SeccompProfile?.Type ?? pod?.SeccompProfile?.Type;
            if (seccomp is not ("RuntimeDefault" or "Localhost"))
            {
                v.Add($"{name}: seccomp profile must be RuntimeDefault or Localhost");
            }

            if (sc?.Capabilities?.Drop?.Contains("ALL") != true)
            {
                v.Add($"{name}: capabilities must drop ALL");
            }

            if (sc?.Capabilities?.Add?.Any(a => a != "NET_BIND_SERVICE") == true)
            {
                v.Add($"{name}: only NET_BIND_SERVICE may be added");
            }

            if (c.Ports?.Any(p => p.HostPort is not null) == true)
            {
                v.Add($"{name}: hostPort");
            }
        }

        return v;
    }
}
