using KubeWise.Run.Scanning;

namespace KubeWise.Run.Tests.Scanning;

public sealed class TimerScheduleTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 0, 0, 10, TimeSpan.Zero);

    [Fact]
    public void Next_SixFieldCron_IsTheNextSecondMatch()
    {
        var schedule = TimerSchedule.Parse("ScanSchedule", "*/30 * * * * *");

        Assert.Equal(At.AddSeconds(20), schedule.Next(At));
        Assert.Equal(At.AddSeconds(50), schedule.Next(At.AddSeconds(20)));
    }

    [Fact]
    public void Next_TimeSpan_IsThatFarAhead()
    {
        Assert.Equal(At.AddSeconds(45), TimerSchedule.Parse("ScanSchedule", "00:00:45").Next(At));
    }

    [Theory]
    [InlineData("*/30 * * * *")]
    [InlineData("every 30 seconds")]
    [InlineData("00:00:00")]
    public void Parse_NotASchedule_SaysWhichSettingAndWhatIsAccepted(string expression)
    {
        var error = Assert.Throws<ArgumentException>(() => TimerSchedule.Parse("ScanSchedule", expression));

        Assert.Contains("ScanSchedule", error.Message, StringComparison.Ordinal);
        Assert.Contains(expression, error.Message, StringComparison.Ordinal);
    }
}
