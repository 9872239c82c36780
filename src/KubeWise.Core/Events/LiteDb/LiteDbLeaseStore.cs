using LiteDB;

namespace KubeWise.Core.Events.LiteDb;

/// <summary>
/// The <c>leases</c> collection of the embedded file. The file belongs to one process at a time, so this mostly keeps
/// the two stores alike; the check and the write run under the file's write lock.
/// </summary>
public sealed class LiteDbLeaseStore(LiteDbContext context, TimeProvider timeProvider) : ILeaseStore
{
    public Task<StoredLease> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Leases.Check(name, holder, duration);
        return context.WriteAsync($"take lease {name}", () =>
        {
            var leases = context.Database.GetCollection(Leases.CollectionName);
            var now = timeProvider.GetUtcNow();
            var current = leases.FindById(name);
            if (current is not null && current["holder"].AsString != holder && current["expires_at_ms"].AsInt64 > now.ToUnixTimeMilliseconds())
            {
                return ToLease(current);
            }

            var generation = current is null ? 1L : current["generation"].AsInt64 + (current["holder"].AsString == holder ? 0 : 1);
            var lease = new BsonDocument
            {
                ["_id"] = name,
                ["name"] = name,
                ["holder"] = holder,
                ["expires_at_ms"] = (now + duration).ToUnixTimeMilliseconds(),
                ["generation"] = generation,
            };
            leases.Upsert(lease);
            return ToLease(lease);
        }, cancellationToken);
    }

    public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        Leases.Check(name, holder, TimeSpan.FromSeconds(1));
        return context.WriteAsync($"release lease {name}", () =>
        {
            var leases = context.Database.GetCollection(Leases.CollectionName);
            var current = leases.FindById(name);
            if (current is not null && current["holder"].AsString == holder)
            {
                current["expires_at_ms"] = 0L;
                leases.Update(current);
            }

            return true;
        }, cancellationToken);
    }

    private static StoredLease ToLease(BsonDocument document) => new(
        document["name"].AsString,
        document["holder"].AsString,
        DateTimeOffset.FromUnixTimeMilliseconds(document["expires_at_ms"].AsInt64),
        document["generation"].AsInt64);
}
