using System.Text;
using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using Xunit;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Data.Tests.Dataset;

/// <summary>The first Ctrl+C stops <c>data prepare</c> where it is (reading, splitting or writing) and leaves --out as it was.</summary>
public class PrepareCancellationTests
{
    /// <summary>300 users × 500 ratings: 150,000 lines, enough for the reader's periodic check to come round twice.</summary>
    private static string Ratings(TempDir dir)
    {
        var text = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int u = 1; u <= 300; u++)
            for (int i = 1; i <= 500; i++)
                text.Append(u).Append(',').Append(i).Append(",4.0,").Append(1000 + i).Append('\n');
        return dir.File("ratings.csv", text.ToString());
    }

    [Theory]
    [InlineData("Reading", true, "Reading")]
    [InlineData("Applying the protocol", false, "Applying the protocol")]
    [InlineData("Writing splits", false, "Writing splits")]
    public void StopsWhereItIsAndLeavesNothing(string trigger, bool onReport, string lastTask)
    {
        using var dir = new TempDir();
        var input = Ratings(dir);
        var outDir = dir.File("out");
        using var cancel = new CancellationTokenSource();
        var reporter = new CancellingReporter(trigger, onReport, cancel);
        Assert.ThrowsAny<OperationCanceledException>(() => DatasetPreparer.Prepare(new PrepareRequest
        {
            Format = MovieLensCsvFormat.Name, Input = input, OutDir = outDir, Command = "test",
        }, reporter, cancel.Token));
        Assert.StartsWith(lastTask, reporter.Started[^1]);
        Assert.False(Path.Exists(outDir));
        Assert.Equal(["ratings.csv"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AStoppedReplaceKeepsTheEarlierDataSet()
    {
        using var dir = new TempDir();
        var input = Ratings(dir);
        var outDir = dir.File("out");
        var request = new PrepareRequest { Format = MovieLensCsvFormat.Name, Input = input, OutDir = outDir, Command = "test" };
        DatasetPreparer.Prepare(request);
        var before = TempDir.Snapshot(outDir);
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            DatasetPreparer.Prepare(request with { Force = true }, new CancellingReporter("Writing splits", false, cancel), cancel.Token));
        Assert.Equal(before, TempDir.Snapshot(outDir));
        Assert.Equal(["out", "ratings.csv"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }
}
