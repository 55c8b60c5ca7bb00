namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// Rating files for every <c>data prepare --format</c>: a valid log of 12 users × 6 items in the format's layout
/// with one line (or the file, or the folder) broken. Each refusal names <c>file:line:</c> where there is a line.
/// </summary>
public static class MalformedCsvCases
{
    public const string Family = "csv";

    private const int Users = 12, Items = 6;

    private static IEnumerable<(int User, int Item, long Time)> Ratings(int users = Users) =>
        from u in Enumerable.Range(1, users) from i in Enumerable.Range(1, Items) select (u, i, 1_000_000_000L + u * 1_000 + i);

    /// <summary>The valid file of a format: (file name, lines, extra options).</summary>
    public static (string File, List<string> Lines, string[] Extra) Base(string format, int users = Users) => format switch
    {
        "movielens-csv" => ("ratings.csv", ["userId,movieId,rating,timestamp", .. Ratings(users).Select(r => $"{r.User},{r.Item},4.5,{r.Time}")], []),
        "movielens-100k" => ("u.data", [.. Ratings(users).Select(r => $"{r.User}\t{r.Item}\t5\t{r.Time}")], []),
        "movielens-dat" => ("ratings.dat", [.. Ratings(users).Select(r => $"{r.User}::{r.Item}::5::{r.Time}")], []),
        "netflix" => ("combined_data_1.txt", [.. Enumerable.Range(1, Items).SelectMany(i => new[] { $"{i}:" }.Concat(Enumerable.Range(1, users).Select(u => $"{u},5,2005-09-{u + 1:00}")))], []),
        "msd" => ("train_triplets.txt", [.. Ratings(users).Select(r => $"user{r.User}\tsong{r.Item}\t{r.Item}")], ["--min-user-items", "5", "--min-item-users", "1"]),
        "csv" => ("log.csv", ["u,i,r,t", .. Ratings(users).Select(r => $"{r.User},{r.Item},4.5,{r.Time}")], ["--columns", "user=u,item=i,rating=r,time=t"]),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string[] Prepare(CaseFolder c, string format, string input, params string[] extra) =>
        ["data", "prepare", "--format", format, "--input", input, "--out", c.Out, .. extra];

    /// <summary>The format's valid file with line <paramref name="line"/> (1-based) replaced; the refusal must name file:line.</summary>
    private static MalformedCase Line(string name, string format, int line, string text, string? pattern = null) =>
        new(Family, name, 2, c =>
        {
            var (file, lines, extra) = Base(format);
            lines[line - 1] = text;
            var path = c.Write(file, CaseFolder.Lines(lines));
            return new CaseRun(Prepare(c, format, path, extra), c.Out, [$"{path}:{line}:"], pattern);
        });

    /// <summary>A whole file of the given content; the refusal must name the file.</summary>
    private static MalformedCase Whole(string name, string format, Func<CaseFolder, string> write, string? pattern = null, string? forbidden = null) =>
        new(Family, name, 2, c =>
        {
            var path = write(c);
            return new CaseRun(Prepare(c, format, path, Base(format).Extra), c.Out, [path], pattern, forbidden);
        });

    /// <summary>A valid base folder for vae-cf: 8 train users, 2 validation and 2 test users, 6 items.</summary>
    public static string VaeCf(CaseFolder c, Action<Dictionary<string, List<string>>>? corrupt = null)
    {
        var files = new Dictionary<string, List<string>>
        {
            ["unique_uid.txt"] = [.. Enumerable.Range(0, 12).Select(u => "user" + u)],
            ["unique_sid.txt"] = [.. Enumerable.Range(0, Items).Select(i => "item" + i)],
            ["train.csv"] = ["uid,sid", .. from u in Enumerable.Range(0, 8) from i in Enumerable.Range(0, Items) select $"{u},{i}"],
            ["validation_tr.csv"] = ["uid,sid", .. from u in new[] { 8, 9 } from i in Enumerable.Range(0, 4) select $"{u},{i}"],
            ["validation_te.csv"] = ["uid,sid", .. from u in new[] { 8, 9 } from i in Enumerable.Range(4, 2) select $"{u},{i}"],
            ["test_tr.csv"] = ["uid,sid", .. from u in new[] { 10, 11 } from i in Enumerable.Range(0, 4) select $"{u},{i}"],
            ["test_te.csv"] = ["uid,sid", .. from u in new[] { 10, 11 } from i in Enumerable.Range(4, 2) select $"{u},{i}"],
        };
        corrupt?.Invoke(files);
        foreach (var (name, lines) in files) c.Write(Path.Combine("split", name), CaseFolder.Lines(lines));
        return c.File("split");
    }

    private static MalformedCase VaeCfCase(string name, Action<Dictionary<string, List<string>>> corrupt, Func<string, string[]> names, string? pattern = null) =>
        new(Family, name, 2, c =>
        {
            var folder = VaeCf(c, corrupt);
            return new CaseRun(Prepare(c, "vae-cf", folder), c.Out, names(folder), pattern);
        });

    public static IReadOnlyList<MalformedCase> Cases { get; } =
    [
        // movielens-csv: ratings.csv with its header.
        Line("MovieLensCsvMissingField", "movielens-csv", 3, "1,3,4.0", "4 fields"),
        Line("MovieLensCsvExtraField", "movielens-csv", 3, "1,3,4.0,5,9", "4 fields"),
        Line("MovieLensCsvRatingNotANumber", "movielens-csv", 3, "1,3,lots,6", "rating"),
        Line("MovieLensCsvRatingAboveFiveStars", "movielens-csv", 3, "1,3,7.5,6", "rating"),
        Line("MovieLensCsvNegativeRating", "movielens-csv", 3, "1,3,-2,6", "rating"),
        Line("MovieLensCsvRatingNaN", "movielens-csv", 3, "1,3,NaN,6", "rating"),
        Line("MovieLensCsvRatingInfinity", "movielens-csv", 3, "1,3,Infinity,6", "rating"),
        Line("MovieLensCsvTimestampText", "movielens-csv", 3, "1,3,4.0,yesterday", "timestamp"),
        Line("MovieLensCsvTimestampOverflow", "movielens-csv", 3, "1,3,4.0,99999999999999999999", "timestamp"),
        Line("MovieLensCsvUserIdText", "movielens-csv", 3, "alice,3,4.0,6", "user"),
        Line("MovieLensCsvUserIdOverflow", "movielens-csv", 3, "99999999999999999999,3,4.0,6", "user"),
        Line("MovieLensCsvEmptyMovieId", "movielens-csv", 3, "1,,4.0,6", "movie"),
        Line("MovieLensCsvWrongHeader", "movielens-csv", 1, "user,item,rating,time", "header"),
        Line("MovieLensCsvSemicolonSeparated", "movielens-csv", 2, "1;3;4.0;6"),
        Whole("MovieLensCsvEmptyFile", "movielens-csv", c => c.Write("ratings.csv", ""), "empty"),
        Whole("MovieLensCsvHeaderOnly", "movielens-csv", c => c.Write("ratings.csv", "userId,movieId,rating,timestamp\n"), "no ratings"),
        Whole("MovieLensCsvBinaryFile", "movielens-csv", c => c.Copy(MalformedInputs.GoldenTrace, "ratings.csv")),
        Whole("MovieLensCsvTooFewUsersForAHeldoutSplit", "movielens-csv", c =>
        {
            var (file, lines, _) = Base("movielens-csv", users: 2);
            return c.Write(file, CaseFolder.Lines(lines));
        }, "heldout|too small", forbidden: @"≤ N ≤ 0|<= N <= 0"),
        new(Family, "MovieLensCsvHeldoutLargerThanTheUsers", 2, c =>
        {
            var (file, lines, _) = Base("movielens-csv");
            var path = c.Write(file, CaseFolder.Lines(lines));
            return new CaseRun(Prepare(c, "movielens-csv", path, "--heldout", "7"), c.Out, ["--heldout"]);
        }),
        Whole("MovieLensCsvMissingInput", "movielens-csv", c => c.File("nowhere/ratings.csv")),
        Whole("MovieLensCsvFolderWithoutRatings", "movielens-csv", c =>
        {
            Directory.CreateDirectory(c.File("ml"));
            return c.File("ml");
        }, "ratings.csv"),

        // movielens-100k: u.data, tab-separated, no header.
        Line("MovieLens100kThreeFields", "movielens-100k", 2, "1\t3\t4", "4 fields"),
        Line("MovieLens100kRatingAboveFiveStars", "movielens-100k", 2, "1\t3\t7.5\t6", "rating"),
        Line("MovieLens100kNegativeRating", "movielens-100k", 2, "1\t3\t-2\t6", "rating"),
        Line("MovieLens100kCommaSeparated", "movielens-100k", 2, "1,3,4,6"),
        Line("MovieLens100kTimestampText", "movielens-100k", 2, "1\t3\t4\tnoon", "timestamp"),
        Line("MovieLens100kItemIdText", "movielens-100k", 2, "1\tToy Story\t4\t6", "movie"),
        Whole("MovieLens100kEmptyFile", "movielens-100k", c => c.Write("u.data", ""), "empty"),

        // movielens-dat: ratings.dat with '::'.
        Line("MovieLensDatSingleColons", "movielens-dat", 2, "1:3:4:6"),
        Line("MovieLensDatRatingAboveFiveStars", "movielens-dat", 2, "1::3::7.5::6", "rating"),
        Line("MovieLensDatNegativeRating", "movielens-dat", 2, "1::3::-2::6", "rating"),
        Line("MovieLensDatMissingTimestamp", "movielens-dat", 2, "1::3::4", "4 fields"),
        Line("MovieLensDatUserIdText", "movielens-dat", 2, "x::3::4::6", "user"),

        // netflix: 'MovieID:' lines, then CustomerID,Rating,YYYY-MM-DD.
        Line("NetflixRatingBeforeAnyMovieLine", "netflix", 1, "1,5,2005-09-06", "MovieID"),
        Line("NetflixMovieLineNotANumber", "netflix", 14, "abc:", "MovieID"),
        Line("NetflixDateNotIso", "netflix", 3, "2,5,06/09/2005", "date"),
        Line("NetflixRatingAboveFiveStars", "netflix", 3, "2,7.5,2005-09-06", "rating"),
        Line("NetflixNegativeRating", "netflix", 3, "2,-2,2005-09-06", "rating"),
        Line("NetflixTwoFields", "netflix", 3, "2,5", "3 fields"),
        Line("NetflixCustomerIdText", "netflix", 3, "bob,5,2005-09-06", "customer"),
        Whole("NetflixFolderWithoutRatingFiles", "netflix", c =>
        {
            c.Write("nf/readme.txt", "no ratings here\n");
            return c.File("nf");
        }, "combined_data|mv_"),

        // msd: user<TAB>song<TAB>plays.
        Line("MsdTwoFields", "msd", 2, "user1\tsong1", "3 tab-separated fields"),
        Line("MsdNegativePlays", "msd", 2, "user1\tsong2\t-3", "plays"),
        Line("MsdPlaysText", "msd", 2, "user1\tsong2\tmany", "plays"),
        Line("MsdFractionalPlays", "msd", 2, "user1\tsong2\t1.5", "plays"),
        Line("MsdZeroPlays", "msd", 2, "user1\tsong2\t0", "plays"),
        Line("MsdEmptyUser", "msd", 2, "\tsong2\t3", "user"),
        Whole("MsdEmptyFile", "msd", c => c.Write("train_triplets.txt", ""), "empty"),

        // csv with --columns.
        Line("CsvRowWithFewerFields", "csv", 3, "1,3", "fields"),
        Line("CsvUnbalancedQuotes", "csv", 3, "\"1,3,4.5,6", "quote"),
        Line("CsvRatingText", "csv", 3, "1,3,good,6", "'r'"),
        Line("CsvRatingNaN", "csv", 3, "1,3,NaN,6", "'r'"),
        Line("CsvTimeText", "csv", 3, "1,3,4.5,Tuesday", "'t'"),
        Line("CsvTimeClockOnly", "csv", 3, "1,3,4.5,10:30", "'t'"),
        Line("CsvEmptyUser", "csv", 3, ",3,4.5,6", "'u'"),
        Line("CsvHeaderWithoutTheItemColumn", "csv", 1, "u,x,r,t", "'i'"),
        new(Family, "CsvColumnsUnknownRole", 2, c =>
        {
            var (file, lines, _) = Base("csv");
            var path = c.Write(file, CaseFolder.Lines(lines));
            return new CaseRun(Prepare(c, "csv", path, "--columns", "user=u,item=i,score=r"), c.Out, ["--columns", "score"]);
        }),
        new(Family, "CsvColumnsWithoutItem", 2, c =>
        {
            var (file, lines, _) = Base("csv");
            var path = c.Write(file, CaseFolder.Lines(lines));
            return new CaseRun(Prepare(c, "csv", path, "--columns", "user=u"), c.Out, ["--columns", "item"]);
        }),
        new(Family, "CsvColumnsRoleGivenTwice", 2, c =>
        {
            var (file, lines, _) = Base("csv");
            var path = c.Write(file, CaseFolder.Lines(lines));
            return new CaseRun(Prepare(c, "csv", path, "--columns", "user=u,item=i,user=r"), c.Out, ["--columns", "user"]);
        }),
        new(Family, "CsvWithoutColumns", 2, c =>
        {
            var (file, lines, _) = Base("csv");
            var path = c.Write(file, CaseFolder.Lines(lines));
            return new CaseRun(Prepare(c, "csv", path), c.Out, ["--columns"]);
        }),
        new(Family, "CsvColumnsGivenForMovieLens", 2, c =>
        {
            var (file, lines, _) = Base("movielens-csv");
            var path = c.Write(file, CaseFolder.Lines(lines));
            return new CaseRun(Prepare(c, "movielens-csv", path, "--columns", "user=userId,item=movieId"), c.Out, ["--columns"]);
        }),
        Whole("CsvInputIsAFolder", "csv", c =>
        {
            Directory.CreateDirectory(c.File("logs"));
            return c.File("logs");
        }, "folder"),

        // vae-cf: the folder Liang et al.'s preprocessing writes.
        VaeCfCase("VaeCfMissingTestTe", f => f.Remove("test_te.csv"), folder => [folder, "test_te.csv"]),
        VaeCfCase("VaeCfWrongHeader", f => f["train.csv"][0] = "user,item", folder => [Path.Combine(folder, "train.csv") + ":1:"]),
        VaeCfCase("VaeCfSidOutOfRange", f => f["train.csv"].Add("0,999"), folder => [Path.Combine(folder, "train.csv") + ":50:"], "sid"),
        VaeCfCase("VaeCfUidText", f => f["train.csv"][1] = "x,1", folder => [Path.Combine(folder, "train.csv") + ":2:"], "uid"),
        VaeCfCase("VaeCfNegativeSid", f => f["validation_tr.csv"][2] = "8,-1", folder => [Path.Combine(folder, "validation_tr.csv") + ":3:"], "sid"),
        VaeCfCase("VaeCfThreeFields", f => f["test_tr.csv"][2] = "10,1,5", folder => [Path.Combine(folder, "test_tr.csv") + ":3:"], "2 fields"),
        VaeCfCase("VaeCfTrainUserAlsoInTest", f => f["test_tr.csv"].Add("0,5"), folder => [folder, "uid 0"]),
        VaeCfCase("VaeCfDuplicateItemId", f => f["unique_sid.txt"][3] = "item0", folder => [Path.Combine(folder, "unique_sid.txt") + ":4:"], "twice"),
        VaeCfCase("VaeCfEmptyUserList", f => f["unique_uid.txt"].Clear(), folder => [Path.Combine(folder, "unique_uid.txt")], "empty"),
        VaeCfCase("VaeCfRepeatedPair", f => f["test_te.csv"].Add("10,0"), folder => [Path.Combine(folder, "test_te.csv") + ":6:"], "repeats"),
        new(Family, "VaeCfInputIsAFile", 2, c =>
        {
            var path = c.Write("train.csv", "uid,sid\n0,0\n");
            return new CaseRun(Prepare(c, "vae-cf", path), c.Out, [path]);
        }),
    ];
}
