using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Testing.Durable;

/// <summary>
/// Every activity run in the in-process Durable host, per orchestration instance, in order. A test that must show that
/// something did NOT happen waits here for the step at which it would have happened (the orchestration past its
/// decision point, its next activity running) instead of sleeping, so a write that is merely late still fails it.
/// The host's sidecar answers history queries with an empty history, so the activities are recorded as they run.
/// </summary>
public sealed class ActivityJournal
{
    private readonly Lock _gate = new();
    private readonly List<ActivityRun> _runs = [];

    /// <summary>Registers <paramref name="activities"/> (by class name, as orchestrators call them with <c>nameof</c>) so that each run is recorded.</summary>
    public void AddActivities(DurableTaskRegistry tasks, IEnumerable<Type> activities)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(activities);
        foreach (var type in activities)
        {
            tasks.AddActivity(type.Name, services => new Recorded(this, (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(services, type)));
        }
    }

    /// <summary>How many runs of <paramref name="activity"/> instance <paramref name="instanceId"/> started.</summary>
    public int Started(string instanceId, string activity)
    {
        lock (_gate)
        {
            return _runs.Count(r => r.InstanceId == instanceId && r.Activity == activity);
        }
    }

    /// <summary>Runs of the instance that started and have not returned yet.</summary>
    public IReadOnlyList<string> Running(string instanceId)
    {
        lock (_gate)
        {
            return [.. _runs.Where(r => r.InstanceId == instanceId && !r.Finished).Select(r => r.Activity)];
        }
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails naming <paramref name="what"/> and the instance's runs so far.</summary>
    public async Task WaitUntilAsync(string instanceId, Func<ActivityJournal, bool> done, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        while (!done(this))
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"{instanceId}: {what} did not happen within {limit}. Activities run: {Describe(instanceId)}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>The instance's activity runs in order, for failure messages.</summary>
    public string Describe(string instanceId)
    {
        lock (_gate)
        {
            return string.Join(", ", _runs.Where(r => r.InstanceId == instanceId).Select(r => r.Finished ? r.Activity : r.Activity + " (running)"));
        }
    }

    private ActivityRun Start(string instanceId, string activity)
    {
        var run = new ActivityRun(instanceId, activity);
        lock (_gate)
        {
            _runs.Add(run);
        }

        return run;
    }

    private void Finish(ActivityRun run)
    {
        lock (_gate)
        {
            run.Finished = true;
        }
    }

    private sealed class ActivityRun(string instanceId, string activity)
    {
        public string InstanceId { get; } = instanceId;

        public string Activity { get; } = activity;

        public bool Finished { get; set; }
    }

    private sealed class Recorded(ActivityJournal journal, ITaskActivity inner) : ITaskActivity
    {
        public Type InputType => inner.InputType;

        public Type OutputType => inner.OutputType;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var run = journal.Start(context.InstanceId, context.Name.Name);
            try
            {
                return await inner.RunAsync(context, input).ConfigureAwait(false);
            }
            finally
            {
                journal.Finish(run);
            }
        }
    }
}
