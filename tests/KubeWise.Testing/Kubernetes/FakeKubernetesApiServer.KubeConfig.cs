using System.Globalization;

namespace KubeWise.Testing.Kubernetes;

public sealed partial class FakeKubernetesApiServer
{
    /// <summary>Writes a kubeconfig whose context <paramref name="context"/> points at this server, as a user's would.</summary>
    public string WriteKubeConfig(string path, string context = "fake")
    {
        var yaml = string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {context}-cluster
              cluster:
                server: {BaseAddress.ToString().TrimEnd('/')}
            contexts:
            - name: {context}
              context:
                cluster: {context}-cluster
                user: {context}-user
                namespace: default
            current-context: {context}
            users:
            - name: {context}-user
              user:
                token: fake-token
            """);
        File.WriteAllText(path, yaml);
        return path;
    }
}
