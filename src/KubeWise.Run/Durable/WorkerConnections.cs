using Grpc.Core;
using Grpc.Core.Interceptors;

namespace KubeWise.Run.Durable;

/// <summary>
/// Counts the Durable Task workers connected to the sidecar: a worker holds one <c>GetWorkItems</c> stream open for as
/// long as it takes work. Readiness needs one.
/// </summary>
internal sealed class WorkerConnections : Interceptor
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var counts = context.Method.EndsWith("/GetWorkItems", StringComparison.Ordinal);
        if (counts)
        {
            Interlocked.Increment(ref _open);
        }

        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        finally
        {
            if (counts)
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }
}
