using KubeWise.Core.Progress;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Progress;

public sealed class ProgressTrackerTests
{
    [Fact]
    public void Updates_carry_the_step_the_counts_and_the_time_since_the_operation_began()
    {
        var time = new FakeTimeProvider();
        var seen = new List<ProgressUpdate>();
        var tracker = new ProgressTracker(new Collect(seen), "training", time);

        time.Advance(TimeSpan.FromSeconds(3));
        tracker.Report("reading windows", done: 40, total: 160, timeout: TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(2));
        tracker.Report("growing trees");

        Assert.Equal(2, seen.Count);
        Assert.Equal(new ProgressUpdate("training", "reading windows", 40, 160, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30)), seen[0]);
        Assert.Equal(0.25, seen[0].Fraction);
        Assert.Equal(TimeSpan.FromSeconds(5), seen[1].Elapsed);
        Assert.Null(seen[1].Fraction);
    }

    private sealed class Collect(List<ProgressUpdate> seen) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => seen.Add(value);
    }
}
