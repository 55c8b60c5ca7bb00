using SimCache.Data.Download;
using SimCache.Data.Ingest;
using SimCache.Data.IO;
using Xunit;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Data.Tests.Download;

public class DatasetCatalogueTests
{
    [Theory]
    [InlineData("ml-100k", MovieLens100kFormat.Name, "https://files.grouplens.org/datasets/movielens/ml-100k.zip")]
    [InlineData("ml-1m", MovieLensDatFormat.Name, "https://files.grouplens.org/datasets/movielens/ml-1m.zip")]
    [InlineData("ml-10m", MovieLensDatFormat.Name, "https://files.grouplens.org/datasets/movielens/ml-10m.zip")]
    [InlineData("ml-20m", MovieLensCsvFormat.Name, "https://files.grouplens.org/datasets/movielens/ml-20m.zip")]
    [InlineData("ml-25m", MovieLensCsvFormat.Name, "https://files.grouplens.org/datasets/movielens/ml-25m.zip")]
    [InlineData("ml-latest-small", MovieLensCsvFormat.Name, "https://files.grouplens.org/datasets/movielens/ml-latest-small.zip")]
    [InlineData("ml-latest", MovieLensCsvFormat.Name, "https://files.grouplens.org/datasets/movielens/ml-latest.zip")]
    [InlineData("msd-taste-profile", MsdFormat.Name, "http://millionsongdataset.com/sites/default/files/challenge/train_triplets.txt.zip")]
    public void EachDownloadableDataSetHasItsPublisherUrlAndPrepareFormat(string name, string format, string url)
    {
        var s = DatasetCatalogue.Find(name);
        Assert.Equal(format, s.PrepareFormat);
        Assert.Equal(url, s.ArchiveUri(null).ToString());
        Assert.Equal(url[(url.LastIndexOf('/') + 1)..], s.ArchiveName);
        Assert.Equal("http://127.0.0.1:8080/mirror/" + s.ArchiveName, s.ArchiveUri("http://127.0.0.1:8080/mirror/").ToString());
        Assert.Contains(", 20", s.Citation); // a year
        Assert.False(string.IsNullOrWhiteSpace(s.Licence));
        Assert.StartsWith("≈ ", s.Size);
    }

    [Fact]
    public void NetflixIsNotDownloadedButSaysWhereToGetIt()
    {
        var s = DatasetCatalogue.Find("netflix");
        Assert.False(s.Downloadable);
        Assert.Equal(NetflixFormat.Name, s.PrepareFormat);
        Assert.Contains("no longer hosts", s.Licence);
        Assert.Contains(s.ObtainFrom, place => place.Contains("kaggle.com", StringComparison.Ordinal));
    }

    [Fact]
    public void NamesAreUniqueAndEveryFormatIsOneDataPrepareReads()
    {
        Assert.Equal(DatasetCatalogue.All.Count, DatasetCatalogue.Names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(DatasetCatalogue.All, s => Assert.Contains(s.PrepareFormat, RatingFormats.Names));
        Assert.All(DatasetCatalogue.All, s => Assert.False(RatingFormats.Get(s.PrepareFormat).TakesColumns, $"{s.Name}: its import hint has no --columns"));
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<UsageException>(() => DatasetCatalogue.Find("movielens"));
        Assert.Contains("unknown data set 'movielens'", e.Message);
        Assert.Contains("ml-latest-small", e.Message);
        Assert.Contains("msd-taste-profile", e.Message);
    }

    [Theory]
    [InlineData("MD5 (ml-100k.zip) = 0E33842E24A9C977BE4E0107933C0723\n", "0e33842e24a9c977be4e0107933c0723")]
    [InlineData("0e33842e24a9c977be4e0107933c0723  ml-100k.zip\n", "0e33842e24a9c977be4e0107933c0723")]
    [InlineData("sha: 0e33842e24a9c977be4e0107933c0723ff\n", null)] // 34 hex digits: not an md5
    [InlineData("<html>Not here</html>", null)]
    public void PublisherMd5IsReadInEitherCommonForm(string text, string? md5) => Assert.Equal(md5, PublisherChecksum.ParseMd5(text));

    [Fact]
    public void PrepareCommandQuotesPathsWithSpaces()
    {
        Assert.Equal("simcache data prepare --format movielens-dat --input 'my data/ml 1m' --out 'my data/ml 1m-prepared'",
            PrepareHint.Command(DatasetCatalogue.Find("ml-1m"), "my data/ml 1m/"));
    }
}
