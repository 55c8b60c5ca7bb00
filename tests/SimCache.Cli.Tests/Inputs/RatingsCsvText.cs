using System.Text;

namespace SimCache.Cli.Tests.Inputs;

/// <summary>MovieLens <c>ratings.csv</c> text for small command tests: every user rates every item.</summary>
internal static class RatingsCsvText
{
    public const string Header = "userId,movieId,rating,timestamp\n";

    /// <summary><paramref name="users"/> × <paramref name="items"/> ratings (4.5 unless <paramref name="rating"/> says otherwise), all at <paramref name="time"/>.</summary>
    public static string Grid(int users, int items, Func<int, int, string>? rating = null, long time = 1_000_000_000)
    {
        var sb = new StringBuilder(Header);
        for (int u = 1; u <= users; u++)
            for (int i = 1; i <= items; i++)
                sb.Append($"{u},{i},{rating?.Invoke(u, i) ?? "4.5"},{time}\n");
        return sb.ToString();
    }
}
