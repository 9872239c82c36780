using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Events;

/// <summary>How long resolved events are kept.</summary>
public sealed class EventRetentionOptions
{
    public const string SectionName = "EventRetention";

    /// <summary>Resolved events whose last change is older than this many days are purged.</summary>
    /// <value>Default: 30.</value>
    [Range(1, 3650)]
    public int ResolvedDays { get; set; } = 30;
}

/// <summary>Purges old resolved events; call it from a timer.</summary>
public sealed class EventRetention(IEventStore store, IOptions<EventRetentionOptions> options, TimeProvider timeProvider, ILogger<EventRetention>? logger = null)
{
    public async Task<long> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var days = options.Value.ResolvedDays;
        var cutoff = timeProvider.GetUtcNow().AddDays(-days);
        var purged = await store.PurgeResolvedAsync(cutoff, cancellationToken).ConfigureAwait(false);
        Log.ResolvedEventsPurged(logger ?? (ILogger)NullLogger.Instance, purged, days);
        return purged;
    }
}
