using System.Globalization;
using System.Text;
using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using SimCache.Data.IO;
using Xunit;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Data.Tests.Dataset;

public class DatasetPreparerTests
{
    private static PrepareRequest Request(string format, ColumnMap? columns = null) =>
        new() { Format = format, Input = "x", OutDir = "y", Columns = columns, Command = "test" };

    [Theory]
    [InlineData(MovieLensCsvFormat.Name, 3.5, 5, 0, 10_000)]
    [InlineData(NetflixFormat.Name, 3.5, 5, 0, 40_000)]
    [InlineData(MsdFormat.Name, double.NaN, 20, 200, 50_000)]
    public void FormatDefaultsAreThePapers(string format, double threshold, int minUser, int minItem, int cap)
    {
        var o = DatasetPreparer.OptionsFor(Request(format), null);
        Assert.Equal(double.IsNaN(threshold) ? null : threshold, o.Threshold);
        Assert.Equal(minUser, o.MinUserItems);
        Assert.Equal(minItem, o.MinItemUsers);
        Assert.Equal(cap, o.HeldoutCap);
        Assert.Equal(98765u, o.Seed);
        Assert.Equal(Math.Min(cap, 600_000 / 6), o.DefaultHeldout(600_000));
    }

    [Fact]
    public void CsvThresholdDependsOnTheRatingColumn()
    {
        Assert.Null(DatasetPreparer.OptionsFor(Request(CsvFormat.Name), ColumnMap.Parse("user=u,item=i")).Threshold);
        Assert.Equal(3.5, DatasetPreparer.OptionsFor(Request(CsvFormat.Name), ColumnMap.Parse("user=u,item=i,rating=r")).Threshold);
        Assert.Throws<UsageException>(() => DatasetPreparer.OptionsFor(Request(CsvFormat.Name) with { Threshold = 2 }, ColumnMap.Parse("user=u,item=i")));
        Assert.Null(DatasetPreparer.OptionsFor(Request(MovieLensCsvFormat.Name) with { Threshold = double.NaN }, null).Threshold);
    }

    [Fact]
    public void MsdDataSetRecordsFilePositionTimeAndKeepsAllPlays()
    {
        // 30 users × 25 songs, every user plays every song once: nothing is filtered by the MSD minimums
        // if they are lowered; the note says the time column is the file position.
        using var dir = new TempDir();
        var sb = new StringBuilder();
        for (int u = 0; u < 30; u++)
            for (int s = 0; s < 25; s++)
                sb.Append(CultureInfo.InvariantCulture, $"user{u:D2}\tSONG{s:D3}\t{1 + (u + s) % 3}\n");
        var input = dir.File("triplets.txt", sb.ToString());
        var m = DatasetPreparer.Prepare(new PrepareRequest
        {
            Format = MsdFormat.Name, Input = input, OutDir = dir.File("out"), MinUserItems = 20, MinItemUsers = 20, Command = "test",
        });
        Assert.Equal("file-position", m.Timestamps);
        Assert.Contains("file position", m.Protocol.Note);
        Assert.Null(m.Protocol.Threshold);
        Assert.Equal(750, m.Counts.Stages.Single(s => s.Stage == "min_user_items").Interactions);
        Assert.Equal(5, m.Counts.ValidationUsers); // 30 / 6
        Assert.Equal("user00", m.UserIds.Order(StringComparer.Ordinal).First());
    }

    [Fact]
    public void TooManyHeldoutUsersIsAUsageError()
    {
        var e = Assert.Throws<UsageException>(() => DatasetPreparer.Prepare(new PrepareRequest
        {
            Format = MovieLensCsvFormat.Name, Input = RepoFiles.RatingsCsv, OutDir = Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid()), Heldout = 302, Command = "test",
        }));
        Assert.Contains("603 users", e.Message);
    }
}
