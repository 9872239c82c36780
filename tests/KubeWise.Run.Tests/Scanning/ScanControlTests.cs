using KubeWise.Run.Scanning;

namespace KubeWise.Run.Tests.Scanning;

/// <summary>
/// The embedding hook that pauses the scan loop: a paused loop waits for Resume and then ticks at once, and a pause
/// returns only when the tick in progress has finished, so an embedder that paused sees no tick afterwards.
/// </summary>
public sealed class ScanControlTests
{
    [Fact]
    public async Task Paused_LoopWaitsUntilResumed_ThenTicksAtOnce()
    {
        var control = new ScanControl(paused: true);
        var waiting = control.WaitResumedAsync(CancellationToken.None);

        Assert.False(control.TryBeginTick());
        Assert.False(waiting.IsCompleted);
        control.Resume(TimeSpan.FromSeconds(2));

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(2), control.Interval);
        Assert.False(await control.WaitResumedAsync(CancellationToken.None));
        Assert.True(control.TryBeginTick());
        control.EndTick();
    }

    [Fact]
    public async Task Pause_DuringATick_CompletesWhenTheTickEndsAndNoTickStartsAfter()
    {
        var control = new ScanControl(paused: false);
        Assert.True(control.TryBeginTick());

        var pausing = control.PauseAsync();
        Assert.False(pausing.IsCompleted);
        Assert.False(control.TryBeginTick());
        control.EndTick();

        await pausing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(control.Paused);
        Assert.False(control.TryBeginTick());
    }

    [Fact]
    public async Task Pause_WithNoTickInProgress_CompletesAtOnce()
    {
        var control = new ScanControl(paused: false);

        await control.PauseAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(control.Paused);
    }

    [Fact]
    public void Resume_NonPositiveInterval_IsRefused()
    {
        var control = new ScanControl(paused: true);

        Assert.Throws<ArgumentOutOfRangeException>(() => control.Resume(TimeSpan.Zero));
        Assert.True(control.Paused);
    }
}
