using SimCache.Cli.Console;
using Xunit;

namespace SimCache.Cli.Tests.Console;

public class TransferWorkReporterTests
{
    [Theory]
    [InlineData(12.2, "13 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(3700, "1 h 01 min")]
    public void DurationIsReadable(double seconds, string expected) => Assert.Equal(expected, TransferWorkReporter.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void PlainLinesShowBytesOfTotalRateAndTimeLeftCountingOnlyThisRunsBytes()
    {
        var lines = new StringWriter();
        var reporter = new TransferWorkReporter(lines, TimeSpan.Zero);
        using (var task = reporter.Start("download ml-1m.zip", 4_000_000, "B"))
        {
            task.Report(3_000_000); // resumed at 3 MB: not counted in the rate
            Thread.Sleep(20);
            task.Report(3_500_000);
        }
        var text = lines.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, text.Length);
        Assert.StartsWith("download ml-1m.zip: 3.0 MB of 4.0 MB, 75% (0 B/s)", text[0]); // nothing moved yet: no time left to tell
        Assert.Matches(@"^download ml-1m\.zip: 3\.5 MB of 4\.0 MB, 88% \([0-9.]+ [KMG]?B/s, [0-9]+ (s|min [0-9]{2} s) left\)$", text[1]);
        Assert.StartsWith("download ml-1m.zip: 3.5 MB in ", text[2]);
    }
}
