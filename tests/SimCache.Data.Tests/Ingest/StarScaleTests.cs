using SimCache.Data.Ingest;
using SimCache.Data.IO;
using Xunit;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Data.Tests.Ingest;

/// <summary>A star-rating format's ratings are within its scale; anything else is refused at its line.</summary>
public class StarScaleTests
{
    [Theory]
    [InlineData(MovieLensCsvFormat.Name, "userId,movieId,rating,timestamp\n1,2,3.0,4\n1,3,7.5,5\n", "7.5", 3, "0.5..5")]
    [InlineData(MovieLensCsvFormat.Name, "userId,movieId,rating,timestamp\n1,2,-2,4\n", "-2", 2, "0.5..5")]
    [InlineData(MovieLensCsvFormat.Name, "userId,movieId,rating,timestamp\n1,2,0,4\n", "0", 2, "0.5..5")]
    [InlineData(MovieLens100kFormat.Name, "1\t2\t3\t4\n1\t3\t0.5\t5\n", "0.5", 2, "1..5")]
    [InlineData(MovieLens100kFormat.Name, "1\t2\t6\t4\n", "6", 1, "1..5")]
    [InlineData(MovieLensDatFormat.Name, "1::2::3::4\n1::3::5::5\n1::4::-2::6\n", "-2", 3, "0.5..5")]
    [InlineData(NetflixFormat.Name, "7:\n1,3,2005-01-01\n2,7.5,2005-01-02\n", "7.5", 3, "1..5")]
    [InlineData(NetflixFormat.Name, "7:\n1,0.5,2005-01-01\n", "0.5", 2, "1..5")]
    public void RefusesRatingOutsideTheScaleNamingFileAndLine(string format, string content, string shown, long line, string range)
    {
        using var dir = new TempDir();
        var path = dir.File("ratings.txt", content);
        var e = Assert.Throws<DataFormatException>(() => RatingReader.Read(format, path));
        Assert.Equal(path, e.Path);
        Assert.Equal(line, e.Line);
        Assert.Contains($"rating: '{shown}'", e.Message.Replace("\"", "'"));
        Assert.Contains(range, e.Message);
    }

    [Theory]
    [InlineData(MovieLensCsvFormat.Name, "userId,movieId,rating,timestamp\n1,2,0.5,4\n1,3,5,5\n")]
    [InlineData(MovieLens100kFormat.Name, "1\t2\t1\t4\n1\t3\t5\t5\n")]
    [InlineData(MovieLensDatFormat.Name, "1::2::0.5::4\n1::3::5::5\n")]
    [InlineData(NetflixFormat.Name, "7:\n1,1,2005-01-01\n2,5,2005-01-02\n")]
    public void AcceptsTheEndsOfTheScale(string format, string content)
    {
        using var dir = new TempDir();
        Assert.Equal(2, RatingReader.Read(format, dir.File("ratings.txt", content)).Count);
    }
}
