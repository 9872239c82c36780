namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// Runs this worker process's executions one at a time ("reserve against the limits → write → record the attempt").
/// The limits themselves hold across processes through <see cref="Policy.LimitReservations"/> (compare-and-set in the
/// store); the gate only spares one process's own incidents from racing each other for that ledger in a storm.
/// </summary>
public sealed class ExecutionGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <returns>The turn; dispose it to let the next execution in.</returns>
    public async Task<IDisposable> EnterAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        return new Turn(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
