using System.Diagnostics;

namespace KubeWise.Benchmarks.Workflow;

/// <summary>
/// Time spent waiting on each remote (by host:port), measured around every <see cref="HttpClient"/> call the app's
/// factory makes, up to the response headers. <see cref="Busy"/> is the wall time with at least one request in flight, so concurrent queries are
/// not counted twice; the rest of a cycle's wall time is KubeWise's own work.
/// </summary>
internal sealed class HttpTimings
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Remote> _remotes = [];

    public DelegatingHandler CreateHandler() => new TimingHandler(this);

    public void Reset()
    {
        lock (_gate)
        {
            _remotes.Clear();
        }
    }

    /// <summary>Wall time with a request to <paramref name="authority"/> in flight, and the number of requests.</summary>
    public (TimeSpan Busy, int Requests) Busy(string authority)
    {
        lock (_gate)
        {
            return _remotes.TryGetValue(authority, out var r) ? (Stopwatch.GetElapsedTime(0, r.BusyTicks), r.Requests) : (TimeSpan.Zero, 0);
        }
    }

    private long Begin(string authority)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (!_remotes.TryGetValue(authority, out var r))
            {
                _remotes[authority] = r = new Remote();
            }

            if (r.InFlight++ == 0)
            {
                r.BusySince = now;
            }
        }

        return now;
    }

    private void End(string authority)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_remotes.TryGetValue(authority, out var r))
            {
                r.Requests++;
                if (--r.InFlight == 0)
                {
                    r.BusyTicks += now - r.BusySince;
                }
            }
        }
    }

    private sealed class Remote
    {
        public int InFlight;
        public long BusySince;
        public long BusyTicks;
        public int Requests;
    }

    private sealed class TimingHandler(HttpTimings timings) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authority = request.RequestUri?.Authority ?? "?";
            timings.Begin(authority);
            try
            {
                // Until the response headers: Prometheus evaluates a query fully before it answers, and the body is
                // parsed as it streams in (buffering it here would change what the cycle allocates).
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                timings.End(authority);
            }
        }
    }
}
