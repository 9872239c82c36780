namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// Makes "count the recent remediations → write → record the attempt" one step within this worker process. In a storm
/// many incidents execute at once, exactly when the storm limit matters: without the gate they could all pass the limit
/// on the same count. Across worker processes that share a MongoDB store, the count and the recorded attempt are still
/// one write apart.
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
