using KubeWise.Core.Incidents;

namespace KubeWise.Core.Tests.Incidents;

public sealed class CycleGateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ShouldRun_NoCycleYet_Runs() => Assert.True(CycleGate.ShouldRun(null, T0, TimeSpan.FromSeconds(120)));

    [Fact]
    public void ShouldRun_ThirtySecondTicksWithTwoMinuteInterval_RunsEveryFourthTick()
    {
        DateTimeOffset? last = null;
        var ran = new List<int>();
        for (var tick = 0; tick < 9; tick++)
        {
            var now = T0.AddSeconds(tick * 30).AddMilliseconds(tick % 2 == 0 ? 150 : -150);
            if (CycleGate.ShouldRun(last, now, TimeSpan.FromSeconds(120)))
            {
                ran.Add(tick);
                last = now;
            }
        }

        Assert.Equal([0, 4, 8], ran);
    }

    [Fact]
    public void ShouldRun_IntervalEqualToSchedule_RunsEveryTickEvenWhenSlightlyEarly()
    {
        Assert.True(CycleGate.ShouldRun(T0, T0.AddSeconds(29.6), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void ShouldRun_ClockWentBack_Runs() => Assert.True(CycleGate.ShouldRun(T0, T0.AddMinutes(-5), TimeSpan.FromSeconds(120)));
}
