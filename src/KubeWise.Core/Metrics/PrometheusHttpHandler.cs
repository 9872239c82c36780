using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace KubeWise.Core.Metrics;

/// <summary>The primary handler of the Prometheus HttpClient: TLS trust and client certificate from <see cref="PrometheusTlsOptions"/>.</summary>
internal static class PrometheusHttpHandler
{
    public static SocketsHttpHandler Create(PrometheusTlsOptions tls)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            // Re-resolve DNS now and then: Prometheus in a cluster moves between pods.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };

        if (!string.IsNullOrEmpty(tls.CertificateFile) && !string.IsNullOrEmpty(tls.KeyFile))
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile)];
        }

        if (tls.InsecureSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (!string.IsNullOrEmpty(tls.CaFile))
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(tls.CaFile);
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(authorities);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        return handler;
    }
}
