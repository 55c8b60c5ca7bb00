using System.Globalization;
using System.Text;

namespace SimCache.Geometry.Report;

/// <summary>
/// umap.csv: every UMAP map's 2-D coordinates, one line per point — the set, the row in the set's sample (the
/// embeddings' rows after duplicates are removed; the clouds' rows), the user id for the embeddings (empty for a
/// reference cloud), x and y in round-trip notation — so a reader can colour or join the map with anything else.
/// </summary>
public static class UmapCoordinates
{
    public const string FileName = "umap.csv";

    public static string? Build(EmbeddingSample input, IReadOnlyList<DatasetGeometry> sets)
    {
        if (sets.All(s => s.Umap is null)) return null;
        var csv = new StringBuilder("set,row,user_id,x,y\n");
        foreach (var s in sets)
        {
            if (s.Umap is not { } u || s.TsneRows is not { } rows) continue;
            bool users = ReferenceEquals(s, sets[0]);
            for (int t = 0; t < rows.Length; t++)
            {
                csv.Append(s.Name).Append(',').Append(rows[t].ToString(CultureInfo.InvariantCulture)).Append(',');
                if (users) csv.Append(Quote(input.UserIds[rows[t]]));
                csv.Append(',').Append(u.Embedding[2 * t].ToString("R", CultureInfo.InvariantCulture))
                   .Append(',').Append(u.Embedding[2 * t + 1].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return csv.ToString();
    }

    private static string Quote(string v) =>
        v.IndexOfAny([',', '"', '\n', '\r']) < 0 ? v : "\"" + v.Replace("\"", "\"\"") + "\"";
}
