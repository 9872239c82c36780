using Google.Apis.Util;

namespace KubeWise.Core.Analysis.Vertex;

/// <summary>Google.Apis.Auth's clock on the injected <see cref="TimeProvider"/>, so token expiry follows the same time as the rest of KubeWise (and tests can advance it).</summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    public DateTime Now => timeProvider.GetLocalNow().DateTime;

    public DateTime UtcNow => timeProvider.GetUtcNow().UtcDateTime;
}
