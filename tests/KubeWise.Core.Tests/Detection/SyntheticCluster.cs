using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;

namespace KubeWise.Core.Tests.Detection;

/// <summary>
/// A small deterministic generator of deployment metrics: per deployment a CPU gauge, a memory gauge and a request
/// counter around its own level (idle to always-busy), Gaussian noise, 30 s steps; incidents are injected on top.
/// </summary>
internal sealed class SyntheticCluster
{
    public const string Cpu = "cpu_usage_cores";
    public const string Memory = "memory_working_set_bytes";
    public const string Requests = "http_requests_total";

    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private readonly Random _random;

    public SyntheticCluster(int seed) => _random = new Random(seed);

    public static FeatureSchema Schema { get; } = new(EntityType.Deployment,
    [
        new MetricDescriptor(Cpu, MetricKind.Gauge),
        new MetricDescriptor(Memory, MetricKind.Gauge),
        new MetricDescriptor(Requests, MetricKind.Counter),
    ]);

    /// <summary>The per-deployment levels: a busy one runs near 3.5 cores and 6 GiB, an idle one at 0.02 cores and 80 MiB.</summary>
    public sealed record Profile(string Name, double CpuCores, double MemoryBytes, double RequestsPerSecond, double Noise = 0.04);

    public IReadOnlyList<Profile> Profiles(int count)
    {
        var profiles = new List<Profile>();
        for (var i = 0; i < count; i++)
        {
            var busy = i % 3 == 0;
            var scale = busy ? 1.0 : Math.Pow(10, -2 * _random.NextDouble());
            profiles.Add(new Profile($"app-{i:00}", 3.5 * scale, 6e9 * scale + 8e7, 400 * scale, 0.02 + (0.06 * _random.NextDouble())));
        }

        return profiles;
    }

    /// <summary>A window of <paramref name="points"/> samples ending at <paramref name="end"/>; <paramref name="inject"/> rewrites values (metric, index, value) → value.</summary>
    public EntityWindow Window(Profile profile, int points, DateTimeOffset end, Func<string, int, double, double>? inject = null)
    {
        var cpu = new MetricSample[points];
        var memory = new MetricSample[points];
        var requests = new MetricSample[points];
        var total = 1e6 * _random.NextDouble();
        for (var i = 0; i < points; i++)
        {
            var time = end - ((points - 1 - i) * Step);
            var c = profile.CpuCores * (1 + (profile.Noise * Gaussian()));
            var m = profile.MemoryBytes * (1 + (profile.Noise * 0.25 * Gaussian()));
            var rate = Math.Max(0, profile.RequestsPerSecond * (1 + (profile.Noise * Gaussian())));
            total += rate * Step.TotalSeconds;
            cpu[i] = new MetricSample(time, inject?.Invoke(Cpu, i, c) ?? c);
            memory[i] = new MetricSample(time, inject?.Invoke(Memory, i, m) ?? m);
            requests[i] = new MetricSample(time, inject?.Invoke(Requests, i, total) ?? total);
        }

        return new EntityWindow(new EntityKey(EntityType.Deployment, "shop", profile.Name), end,
        [
            new MetricSeries(Cpu, MetricKind.Gauge, cpu),
            new MetricSeries(Memory, MetricKind.Gauge, memory),
            new MetricSeries(Requests, MetricKind.Counter, requests),
        ]);
    }

    /// <summary>Normal history: <paramref name="windowsPerProfile"/> windows per deployment, each ending one window after the last.</summary>
    public IEnumerable<EntityWindow> History(IReadOnlyList<Profile> profiles, int windowsPerProfile, int points)
    {
        foreach (var profile in profiles)
        {
            for (var w = 0; w < windowsPerProfile; w++)
            {
                yield return Window(profile, points, Start + (w * points * Step));
            }
        }
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
