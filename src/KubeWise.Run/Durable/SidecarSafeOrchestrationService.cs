using System.Reflection;
using System.Runtime.ExceptionServices;
using DurableTask.Core;
using DurableTask.Core.History;

namespace KubeWise.Run.Durable;

/// <summary>
/// Puts the sidecar's sub-orchestration messages into the shapes Azure Storage can read back. Two gaps between the
/// preview sidecar (<c>TaskHubGrpcServer</c>) and <c>AzureStorageOrchestrationService</c>, both seen in the spike:
/// <list type="bullet">
/// <item>a sub-orchestration's <see cref="ExecutionStartedEvent.Tags"/> arrive as a protobuf <c>MapField</c>; Azure
/// Storage writes messages with Json.NET type names and cannot resolve that type when it reads the message back, so
/// the child never starts;</item>
/// <item>the sidecar records its own subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/>; the History table
/// row then has no <c>EventType</c> and the parent hangs on replay.</item>
/// </list>
/// Both are rewritten to the plain types just before the work item is completed. The service is sealed, hence a proxy
/// over the interface; every other call goes straight through.
/// </summary>
public class SidecarSafeOrchestrationService : DispatchProxy
{
    private IOrchestrationService _inner = null!;

    public static IOrchestrationService Wrap(IOrchestrationService inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var proxy = Create<IOrchestrationService, SidecarSafeOrchestrationService>();
        ((SidecarSafeOrchestrationService)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IOrchestrationService.CompleteTaskOrchestrationWorkItemAsync) && args is { Length: >= 6 })
        {
            PlainSubOrchestrationEvents((OrchestrationRuntimeState)args[1]!);
            var messages = ((IList<TaskMessage>?)args[3] ?? []).Append((TaskMessage?)args[5]);
            foreach (var message in messages)
            {
                PlainTags(message);
            }
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    internal static void PlainSubOrchestrationEvents(OrchestrationRuntimeState state)
    {
        for (var i = 0; i < state.NewEvents.Count; i++)
        {
            if (state.NewEvents[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                var plain = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    Input = created.Input,
                    InstanceId = created.InstanceId,
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                };
                var j = state.Events.IndexOf(created);
                state.NewEvents[i] = plain;
                if (j >= 0)
                {
                    state.Events[j] = plain;
                }
            }
        }
    }

    internal static void PlainTags(TaskMessage? message)
    {
        if (message?.Event is ExecutionStartedEvent started && started.Tags is { } tags && tags.GetType() != typeof(Dictionary<string, string>))
        {
            started.Tags = new Dictionary<string, string>(tags);
        }
    }
}
