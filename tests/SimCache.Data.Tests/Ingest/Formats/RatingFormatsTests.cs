using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using SimCache.Data.Ingest.Formats;
using SimCache.Data.IO;
using SimCache.TestSupport;
using Xunit;

namespace SimCache.Data.Tests.Ingest.Formats;

/// <summary>The format registry is the one source: the README's table, the help defaults and the protocol defaults all agree with it.</summary>
public class RatingFormatsTests
{
    [Fact]
    public void ReadmeFormatTableIsTheRegistrysTableRowForRow()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoFiles.Root, "README.md"));
        int start = Array.FindIndex(lines, l => l.StartsWith("| `--format` |", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no table headed '| `--format` |'");
        var table = lines.Skip(start).TakeWhile(l => l.StartsWith('|')).Select(l => l + "\n");
        var expected = RatingFormats.ReadmeTable();
        Assert.True(expected == string.Concat(table), "README.md's format table should read:\n" + expected);
    }

    [Fact]
    public void NamesAreUniqueAndEachFormatEitherReadsOrImports()
    {
        Assert.Equal(RatingFormats.All.Count, RatingFormats.Names.Distinct().Count());
        Assert.All(RatingFormats.All, f => Assert.True((f.Read is null) != (f.Import is null), $"{f.Name}: exactly one of Read and Import"));
        Assert.All(RatingFormats.All.Where(f => f.Stars is not null), f => Assert.Equal(RatingFormat.StarThreshold, f.DefaultThreshold));
    }

    [Fact]
    public void UnknownFormatIsBadInputListingTheKnownOnes()
    {
        var e = Assert.Throws<UsageException>(() => RatingFormats.Get("movielens-xml"));
        Assert.StartsWith("unknown format 'movielens-xml'; valid formats: movielens-csv, movielens-100k, ", e.Message);
        Assert.Equal("unknown format 'movielens-xml'; valid formats: " + string.Join(", ", RatingFormats.Names), e.Message);
    }

    [Fact]
    public void HelpDefaultsNameTheCommonValueThenTheExceptions()
    {
        Assert.Equal("5; msd 20", RatingFormats.DefaultsText(f => f.MinUserItems));
        Assert.Equal("0; msd 200", RatingFormats.DefaultsText(f => f.MinItemUsers));
        Assert.Equal("10,000; netflix 40,000; msd 50,000", RatingFormats.DefaultsText(f => f.HeldoutCap));
        Assert.StartsWith("Input format: movielens-csv (ratings.csv), ", RatingFormats.FormatHelp);
    }

    /// <summary>Liang et al.'s defaults per data set (their preprocessing notebooks), written out independently of the registry.</summary>
    [Theory]
    [InlineData(MovieLensCsvFormat.Name, null, 3.5, 5, 0, 10_000)]
    [InlineData(MovieLens100kFormat.Name, null, 3.5, 5, 0, 10_000)]
    [InlineData(MovieLensDatFormat.Name, null, 3.5, 5, 0, 10_000)]
    [InlineData(NetflixFormat.Name, null, 3.5, 5, 0, 40_000)]
    [InlineData(MsdFormat.Name, null, null, 20, 200, 50_000)]
    [InlineData(CsvFormat.Name, "user=u,item=i,rating=r", 3.5, 5, 0, 10_000)]
    [InlineData(CsvFormat.Name, "user=u,item=i", null, 5, 0, 10_000)]
    public void ProtocolDefaultsComeFromTheFormat(string format, string? columns, double? threshold, int minUser, int minItem, int cap)
    {
        var map = columns is null ? null : ColumnMap.Parse(columns);
        var o = DatasetPreparer.OptionsFor(new PrepareRequest { Format = format, Input = "in", OutDir = "out", Columns = map, Command = "test" }, map);
        Assert.Equal(threshold, o.Threshold);
        Assert.Equal(minUser, o.MinUserItems);
        Assert.Equal(minItem, o.MinItemUsers);
        Assert.Equal(cap, o.HeldoutCap);
    }
}
