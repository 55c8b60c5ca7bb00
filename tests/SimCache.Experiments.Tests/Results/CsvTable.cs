namespace SimCache.Experiments.Tests.Results;

/// <summary>A plain RFC 4180 reader for checking results.csv in tests (quoted fields, doubled quotes).</summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<Dictionary<string, string>> Rows)
{
    public static CsvTable Read(string path)
    {
        var records = Parse(File.ReadAllText(path));
        var header = records[0];
        var rows = records.Skip(1).Select(r =>
        {
            if (r.Count != header.Count) throw new FormatException($"a row has {r.Count} fields for {header.Count} columns");
            return header.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2);
        }).ToList();
        return new CsvTable(header, rows);
    }

    private static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { record.Add(field.ToString()); field.Clear(); records.Add(record); record = []; }
            else field.Append(c);
        }
        if (field.Length > 0 || record.Count > 0) throw new FormatException("the file does not end with a newline");
        return records;
    }
}
