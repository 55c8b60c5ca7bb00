using SimCache.Data.Ingest;
using SimCache.Data.IO;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Data.Download;

/// <summary>
/// The public rating data sets used in similarity-caching and recommendation research that
/// <c>data download</c> knows, with the publisher's address, terms and citation of each. Sizes are the
/// publishers' archive sizes, rounded; they only help a user decide, nothing checks them.
/// </summary>
public static class DatasetCatalogue
{
    /// <summary>Where GroupLens serves the MovieLens archives (and a <c>NAME.zip.md5</c> beside most of them).</summary>
    public const string GroupLensBase = "https://files.grouplens.org/datasets/movielens";

    private const string MovieLensLicence =
        "GroupLens terms: free for research use; no commercial use and no redistribution without permission; acknowledge the data set in publications (cite below); no endorsement by the University of Minnesota implied.";

    private const string MovieLensCitation =
        "F. Maxwell Harper and Joseph A. Konstan. The MovieLens Datasets: History and Context. ACM Transactions on Interactive Intelligent Systems (TiiS) 5(4), Article 19, 2015. doi:10.1145/2827872";

    private static DatasetSource MovieLens(string name, string title, string contents, string size, string format) => new()
    {
        Name = name,
        Title = title,
        Contents = contents,
        Size = size,
        Licence = MovieLensLicence,
        LicenceUrl = $"https://files.grouplens.org/datasets/movielens/{name}-README.{(name is "ml-100k" or "ml-1m" ? "txt" : "html")}",
        Citation = MovieLensCitation,
        Url = $"{GroupLensBase}/{name}.zip",
        ArchiveName = name + ".zip",
        PrepareFormat = format,
    };

    /// <summary>Every data set, in the order <c>--list</c> shows them.</summary>
    public static readonly IReadOnlyList<DatasetSource> All =
    [
        MovieLens("ml-100k", "MovieLens 100K", "100,000 ratings (1–5) from 943 users on 1,682 movies, 1998", "≈ 4.9 MB", MovieLens100kFormat.Name),
        MovieLens("ml-1m", "MovieLens 1M", "1,000,209 ratings (1–5) from 6,040 users on 3,706 movies, 2003", "≈ 5.9 MB", MovieLensDatFormat.Name),
        MovieLens("ml-10m", "MovieLens 10M", "10,000,054 ratings (0.5–5) from 71,567 users on 10,681 movies, 2009", "≈ 63 MB", MovieLensDatFormat.Name), // unpacks to ml-10M100K/
        MovieLens("ml-20m", "MovieLens 20M", "20,000,263 ratings (0.5–5) from 138,493 users on 27,278 movies, 2015", "≈ 198 MB", MovieLensCsvFormat.Name),
        MovieLens("ml-25m", "MovieLens 25M", "25,000,095 ratings (0.5–5) from 162,541 users on 62,423 movies, 2019", "≈ 250 MB", MovieLensCsvFormat.Name),
        MovieLens("ml-latest-small", "MovieLens latest (small)", "about 100,000 ratings from about 600 users on about 9,000 movies; changes when GroupLens updates it", "≈ 1 MB", MovieLensCsvFormat.Name),
        MovieLens("ml-latest", "MovieLens latest (full)", "about 33 million ratings from about 330,000 users on about 86,000 movies; changes when GroupLens updates it", "≈ 335 MB", MovieLensCsvFormat.Name),
        new()
        {
            Name = "msd-taste-profile",
            Title = "Million Song Dataset: Echo Nest Taste Profile (train triplets)",
            Contents = "48,373,586 (user, song, play count) triplets from 1,019,318 users on 384,546 songs; ≈ 2.9 GB unpacked",
            Size = "≈ 500 MB",
            Licence = "Echo Nest Taste Profile Subset terms: free for non-commercial research; cite the Million Song Dataset paper (below).",
            LicenceUrl = "http://millionsongdataset.com/tasteprofile/",
            Citation = "Thierry Bertin-Mahieux, Daniel P. W. Ellis, Brian Whitman and Paul Lamere. The Million Song Dataset. Proceedings of the 12th International Society for Music Information Retrieval Conference (ISMIR), 2011.",
            Url = "http://millionsongdataset.com/sites/default/files/challenge/train_triplets.txt.zip",
            ArchiveName = "train_triplets.txt.zip",
            PrepareFormat = MsdFormat.Name,
        },
        new()
        {
            Name = "netflix",
            Title = "Netflix Prize",
            Contents = "100,480,507 ratings (1–5) from 480,189 users on 17,770 movies, 1998–2005; ≈ 2 GB unpacked",
            Size = "≈ 700 MB",
            Licence = "Netflix Prize rules: non-commercial research only, no redistribution. Netflix no longer hosts or distributes the data set.",
            LicenceUrl = "https://www.netflixprize.com/rules.html",
            Citation = "James Bennett and Stan Lanning. The Netflix Prize. Proceedings of KDD Cup and Workshop, 2007.",
            Url = "https://www.kaggle.com/datasets/netflix-inc/netflix-prize-data",
            PrepareFormat = NetflixFormat.Name,
            ObtainFrom =
            [
                "Kaggle, the archived copy (combined_data_1..4.txt): https://www.kaggle.com/datasets/netflix-inc/netflix-prize-data (needs a Kaggle account)",
                "Academic Torrents, the original nf_prize_dataset.tar.gz (training_set/mv_*.txt): https://academictorrents.com (search \"Netflix Prize\")",
            ],
        },
    ];

    /// <summary>The names, for usage messages.</summary>
    public static IEnumerable<string> Names => All.Select(s => s.Name);

    /// <summary>The data set called <paramref name="name"/>; an unknown name is bad input (exit 2) and the message lists the known ones.</summary>
    public static DatasetSource Find(string name) =>
        All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"unknown data set '{name}'; known: {string.Join(", ", Names)} (see 'simcache data download --list')");
}
