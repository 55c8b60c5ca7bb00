using SimCache.Data.Ingest;
using SimCache.Data.IO;
using Xunit;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Data.Tests.Ingest;

public class RatingReaderTests
{
    private static DataFormatException Refused(string format, string content, ColumnMap? columns = null, string name = "ratings.txt")
    {
        using var dir = new TempDir();
        var path = dir.File(name, content);
        var e = Assert.Throws<DataFormatException>(() => RatingReader.Read(format, path, columns));
        Assert.Equal(path, e.Path);
        return e;
    }

    [Fact]
    public void MovieLensCsvReadsRowsInOrderWithCrLf()
    {
        using var dir = new TempDir();
        var path = dir.File("ratings.csv", "userId,movieId,rating,timestamp\r\n10,5,4.5,100\r\n2,5,3.0,200\r\n10,7,0.5,300\r\n");
        var log = RatingReader.Read(MovieLensCsvFormat.Name, path);
        Assert.Equal(3, log.Count);
        Assert.Equal(new[] { 0, 1, 0 }, log.User.ToArray());
        Assert.Equal(new[] { 0, 0, 1 }, log.Item.ToArray());
        Assert.Equal(new[] { 4.5f, 3.0f, 0.5f }, log.Rating.ToArray());
        Assert.Equal(new[] { 100L, 200L, 300L }, log.Time.ToArray());
        Assert.Equal("10", log.Users.KeyOf(0));
        Assert.Equal(new[] { 1, 0 }, log.Users.SortedOrder()); // numeric order: 2 before 10
        Assert.Equal(TimestampKind.UnixSeconds, log.TimeKind);
    }

    [Fact]
    public void MovieLensInputHashIsTheFilesSha256()
    {
        // SOURCE.md gives the sha256 of the shared ratings.csv.
        var log = RatingReader.Read(MovieLensCsvFormat.Name, RepoFiles.MlLatestSmall); // a folder is accepted
        Assert.Equal("80da8b3393dae325bbba5a31f291a6ba55d8d4f4396de3c456f2c1635b1b70e8", log.Input.Sha256);
        Assert.Equal(100_836, log.Count);
        Assert.Equal(610, log.Users.Count);
        Assert.Equal(9_724, log.Items.Count);
    }

    [Fact]
    public void MovieLens100kAndDatLayouts()
    {
        using var dir = new TempDir();
        var tab = RatingReader.Read(MovieLens100kFormat.Name, dir.File("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n"));
        Assert.Equal(2, tab.Count);
        Assert.Equal(881250949L, tab.Time[0]);
        var dat = RatingReader.Read(MovieLensDatFormat.Name, dir.File("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n"));
        Assert.Equal(new[] { 5f, 3f }, dat.Rating.ToArray());
        Assert.Equal("661", dat.Items.KeyOf(dat.Item[1]));
    }

    [Fact]
    public void WrongColumnCountNamesTheLine()
    {
        var e = Refused(MovieLensCsvFormat.Name, "userId,movieId,rating,timestamp\n1,2,3.0,4\n1,3,4.0\n");
        Assert.Equal(3, e.Line);
        Assert.Contains("expected 4 fields", e.Message);
        Assert.Contains("found 3", e.Message);
    }

    [Fact]
    public void NonNumericRatingNamesLineAndValue()
    {
        var e = Refused(MovieLensCsvFormat.Name, "userId,movieId,rating,timestamp\n1,2,good,4\n");
        Assert.Equal(2, e.Line);
        Assert.Contains("rating: expected a number, found 'good'", e.Message);
    }

    [Fact]
    public void NonIntegerTimestampIsRefused()
    {
        var e = Refused(MovieLens100kFormat.Name, "1\t2\t3\t2001-01-01\n");
        Assert.Equal(1, e.Line);
        Assert.Contains("timestamp", e.Message);
    }

    [Fact]
    public void EmptyAndHeaderOnlyFilesAreRefused()
    {
        Assert.Contains("is empty", Refused(MovieLensCsvFormat.Name, "").Message);
        Assert.Contains("no ratings", Refused(MovieLensCsvFormat.Name, "userId,movieId,rating,timestamp\n").Message);
        Assert.Contains("holds no ratings", Refused(NetflixFormat.Name, "").Message);
        Assert.Contains("is empty", Refused(MsdFormat.Name, "\n").Message);
    }

    [Fact]
    public void MissingHeaderIsRefused()
    {
        var e = Refused(MovieLensCsvFormat.Name, "1,2,3.0,4\n");
        Assert.Equal(1, e.Line);
        Assert.Contains("expected the header 'userId,movieId,rating,timestamp'", e.Message);
    }

    [Fact]
    public void NetflixCombinedFileAndDates()
    {
        using var dir = new TempDir();
        var path = dir.File("combined_data_1.txt", "1:\n1488844,3,2005-09-06\n822109,5,2005-05-13\n2:\n1488844,4,2004-01-01\n");
        var log = RatingReader.Read(NetflixFormat.Name, path);
        Assert.Equal(3, log.Count);
        Assert.Equal(new[] { 0, 0, 1 }, log.Item.ToArray());
        Assert.Equal(new[] { 0, 1, 0 }, log.User.ToArray());
        Assert.Equal(1125964800L, log.Time[0]); // 2005-09-06T00:00:00Z
        Assert.Equal(TimestampKind.UnixDays, log.TimeKind);
    }

    [Fact]
    public void NetflixFolderOfMovieFiles()
    {
        using var dir = new TempDir();
        dir.File("mv_0000002.txt", "2:\n7,1,2001-02-03\n");
        dir.File("mv_0000001.txt", "1:\n7,5,2001-02-04\n8,4,2001-02-05\n");
        var log = RatingReader.Read(NetflixFormat.Name, dir.Path);
        Assert.Equal(3, log.Count);
        Assert.Equal("1", log.Items.KeyOf(log.Item[0])); // files are read in name order
        Assert.Equal(2, log.Input.Files.Count);
    }

    [Fact]
    public void NetflixBadDateAndMissingMovieLine()
    {
        var e = Refused(NetflixFormat.Name, "1:\n5,3,2005-02-30\n");
        Assert.Equal(2, e.Line);
        Assert.Contains("date: expected YYYY-MM-DD, found '2005-02-30'", e.Message);
        var f = Refused(NetflixFormat.Name, "5,3,2005-02-03\n");
        Assert.Equal(1, f.Line);
        Assert.Contains("MovieID:", f.Message);
    }

    [Fact]
    public void MsdUsesStringIdsAndFilePositionAsTime()
    {
        using var dir = new TempDir();
        var path = dir.File("train_triplets.txt", "b80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAKIMP12A8C130995\t1\nb80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAPDEY12A81C210A9\t2\n85c1f87fea955d09b4bec2e36aee110927aedf9a\tSOAKIMP12A8C130995\t5\n");
        var log = RatingReader.Read(MsdFormat.Name, path);
        Assert.Equal(new long[] { 0, 1, 2 }, log.Time.ToArray());
        Assert.Equal(new[] { 1f, 2f, 5f }, log.Rating.ToArray());
        Assert.False(log.Users.IsNumeric);
        Assert.Equal(TimestampKind.FilePosition, log.TimeKind);
        var e = Refused(MsdFormat.Name, "u\ts\tmany\n");
        Assert.Contains("plays: expected a positive integer", e.Message);
    }

    [Fact]
    public void GenericCsvMapsColumnsAndParsesQuotesAndDates()
    {
        using var dir = new TempDir();
        var path = dir.File("log.csv", "when,who,what,stars\n2020-01-02T03:04:05Z,\"Smith, J\",\"The \"\"Movie\"\"\",4\n1600000000,ann,x,2.5\n");
        var log = RatingReader.Read(CsvFormat.Name, path, ColumnMap.Parse("user=who,item=what,rating=stars,time=when"));
        Assert.Equal(2, log.Count);
        Assert.Equal("Smith, J", log.Users.KeyOf(log.User[0]));
        Assert.Equal("The \"Movie\"", log.Items.KeyOf(log.Item[0]));
        Assert.Equal(1577934245L, log.Time[0]);
        Assert.Equal(1600000000L, log.Time[1]);
        Assert.Equal(2.5f, log.Rating[1]);
    }

    [Fact]
    public void GenericCsvErrorsNameColumnAndLine()
    {
        var cols = ColumnMap.Parse("user=u,item=i,time=t");
        Assert.Contains("no column 't'", Refused(CsvFormat.Name, "u,i,x\n1,2,3\n", ColumnMap.Parse("user=u,item=i,time=t")).Message);
        var e = Refused(CsvFormat.Name, "u,i,t\n1,2,yesterday\n", cols);
        Assert.Equal(2, e.Line);
        Assert.Contains("column 't': expected Unix seconds or an ISO 8601 date, found 'yesterday'", e.Message);
        Assert.Equal(3, Refused(CsvFormat.Name, "u,i,t\n1,2,3\n1,2\n", cols).Line);
    }

    [Fact]
    public void ColumnMapRejectsUnknownRolesAndMissingOnes()
    {
        Assert.Contains("unknown role 'stars'", Assert.Throws<UsageException>(() => ColumnMap.Parse("user=a,item=b,stars=c")).Message);
        Assert.Contains("at least user=NAME and item=NAME", Assert.Throws<UsageException>(() => ColumnMap.Parse("user=a")).Message);
    }

    [Fact]
    public void UnknownFormatListsTheValidOnes()
    {
        var e = Assert.Throws<UsageException>(() => RatingReader.Read("parquet", "x"));
        Assert.Contains("movielens-csv", e.Message);
    }

    [Fact]
    public void IdTableSwitchesToStringsOnTheFirstNonInteger()
    {
        var t = new IdTable(false);
        Assert.Equal(0, t.Intern("10"u8));
        Assert.Equal(1, t.Intern("9"u8));
        Assert.Equal(2, t.Intern("007"u8)); // not canonical: kept as text, not as 7
        Assert.Equal(0, t.Intern("10"u8));
        Assert.False(t.IsNumeric);
        Assert.Equal(new[] { 2, 0, 1 }, t.SortedOrder()); // ordinal: "007" < "10" < "9"
        Assert.Equal(-1, new IdTable(true).Intern("x"u8));
    }

    [Fact]
    public void IntegerIdsAcceptLeadingZerosButNotPlus()
    {
        var t = new IdTable(true);
        Assert.Equal(0, t.Intern("01"u8));
        Assert.Equal(0, t.Intern("1"u8)); // "01" is 1, as pandas reads an integer column
        Assert.Equal(-1, t.Intern("+5"u8));
        Assert.Equal("1", t.KeyOf(0));
        var auto = new IdTable(false);
        Assert.Equal(0, auto.Intern("5"u8));
        Assert.Equal(1, auto.Intern("+5"u8)); // in a column that may hold text, "+5" is text, not 5
    }

    [Fact]
    public void NetflixFolderWithBothLayoutsIsRefused()
    {
        using var dir = new TempDir();
        dir.File("mv_0000001.txt", "1:\n7,5,2001-02-04\n");
        dir.File("combined_data_1.txt", "1:\n7,5,2001-02-04\n");
        var e = Assert.Throws<DataFormatException>(() => RatingReader.Read(NetflixFormat.Name, dir.Path));
        Assert.Contains("both combined_data_*.txt", e.Message);
    }

    [Fact]
    public void MsdByteOrderMarkDoesNotMakeANewUser()
    {
        using var dir = new TempDir();
        var path = dir.File("t.txt");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "a\ts1\t1\na\ts2\t1\n"u8.ToArray()]);
        var log = RatingReader.Read(MsdFormat.Name, path);
        Assert.Equal(1, log.Users.Count);
        Assert.Equal("a", log.Users.KeyOf(0));
    }
}
