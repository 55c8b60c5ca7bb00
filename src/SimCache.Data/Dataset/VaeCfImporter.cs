using System.Security.Cryptography;
using SimCache.Data.Ingest;
using SimCache.Data.IO;
using SimCache.Data.Protocol;

namespace SimCache.Data.Dataset;

/// <summary>
/// Imports a folder written by Liang et al.'s preprocessing code (train.csv, validation_tr/te.csv,
/// test_tr/te.csv with <c>uid,sid</c> rows, unique_uid.txt, unique_sid.txt) exactly as it is: the same
/// users, items and parts, so that a model trained here is evaluated on the published split. The files
/// have no time or rating: timestamps are 0 (kind "none") and ratings 1.
/// </summary>
public static class VaeCfImporter
{
    public static readonly string[] PartFiles = ["train", "validation_tr", "validation_te", "test_tr", "test_te"];

    public static (SplitDataset Split, InputDescription Input) Import(string folder)
    {
        if (!Directory.Exists(folder)) throw new DataFormatException(folder, "no such folder: --format vae-cf reads the folder the preprocessing code wrote");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = new List<string>();
        long bytes = 0;
        string Need(string name)
        {
            var p = Path.Combine(folder, name);
            if (!File.Exists(p)) throw new DataFormatException(folder, $"is missing {name}; a vae-cf folder has {string.Join(", ", PartFiles.Select(f => f + ".csv"))}, unique_uid.txt and unique_sid.txt");
            var content = File.ReadAllBytes(p);
            hash.AppendData(content);
            bytes += content.Length;
            files.Add(Path.GetFullPath(p));
            return p;
        }
        var uidPath = Need("unique_uid.txt");
        var sidPath = Need("unique_sid.txt");
        var userIds = ReadIds(uidPath);
        var itemIds = ReadIds(sidPath);
        var parts = new SplitPart[PartFiles.Length];
        var seen = new Dictionary<long, (int Part, long Line)>();
        for (int k = 0; k < PartFiles.Length; k++) parts[k] = ReadPart(Need(PartFiles[k] + ".csv"), k, userIds.Count, itemIds.Count, seen);

        // Each user belongs to one group: train, validation (tr + te) or test (tr + te).
        var group = new Dictionary<int, string>();
        int[] groupOf = [0, 1, 1, 2, 2];
        string[] groupNames = ["train", "validation", "test"];
        for (int k = 0; k < parts.Length; k++)
        {
            foreach (int u in parts[k].User)
            {
                var g = groupNames[groupOf[k]];
                if (group.TryGetValue(u, out var had) && had != g)
                    throw new DataFormatException(folder, $"user uid {u} ('{userIds[u]}') is in both {had} and {g} ({PartFiles[k]}.csv); this is not a VAE-CF split");
                group[u] = g;
            }
        }
        var trainUsers = group.Where(kv => kv.Value == "train").Select(kv => kv.Key).ToHashSet();
        var valUsers = group.Where(kv => kv.Value == "validation").Select(kv => kv.Key).ToHashSet();
        var testUsers = group.Where(kv => kv.Value == "test").Select(kv => kv.Key).ToHashSet();
        long rows = parts.Sum(p => (long)p.Count);
        var split = new SplitDataset
        {
            UserIds = userIds,
            ItemIds = itemIds,
            Train = parts[0],
            ValidationTr = parts[1],
            ValidationTe = parts[2],
            TestTr = parts[3],
            TestTe = parts[4],
            TrainUsers = trainUsers.Count,
            ValidationUsers = valUsers.Count,
            TestUsers = testUsers.Count,
            Stages = [new StageCounts("input", rows, trainUsers.Count + valUsers.Count + testUsers.Count, itemIds.Count)],
            TimeKind = TimestampKind.None,
        };
        return (split, new InputDescription(files, bytes, Convert.ToHexStringLower(hash.GetHashAndReset())));
    }

    private static List<string> ReadIds(string path)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var id = raw.Trim();
            if (id.Length == 0) continue;
            if (!seen.Add(id)) throw new DataFormatException(path, $"id '{id}' is listed twice", line);
            ids.Add(id);
        }
        if (ids.Count == 0) throw new DataFormatException(path, "is empty: expected one id per line");
        return ids;
    }

    private static SplitPart ReadPart(string path, int partIndex, int users, int items, Dictionary<long, (int Part, long Line)> seen)
    {
        var part = new SplitPart(PartFiles[partIndex]);
        var ranges = new Range[3];
        using var src = new LineSource(path, null);
        bool header = false;
        while (src.TryReadLine(out var line))
        {
            if (line.IsEmpty) continue;
            if (!header)
            {
                if (!line.SequenceEqual("uid,sid"u8)) throw new DataFormatException(path, $"expected the header 'uid,sid', found {Fields.Show(line)}", src.LineNumber);
                header = true;
                continue;
            }
            int n = Fields.Split(line, (byte)',', ranges);
            if (n != 2) throw new DataFormatException(path, $"expected 2 fields (uid,sid), found {n}", src.LineNumber);
            if (!Fields.TryParseLong(line[ranges[0]], out long uid) || uid < 0 || uid >= users)
                throw new DataFormatException(path, $"uid: expected an integer in [0, {users}) (the lines of unique_uid.txt), found {Fields.Show(line[ranges[0]])}", src.LineNumber);
            if (!Fields.TryParseLong(line[ranges[1]], out long sid) || sid < 0 || sid >= items)
                throw new DataFormatException(path, $"sid: expected an integer in [0, {items}) (the lines of unique_sid.txt), found {Fields.Show(line[ranges[1]])}", src.LineNumber);
            if (!seen.TryAdd(uid * items + sid, (partIndex, src.LineNumber)))
            {
                var first = seen[uid * items + sid];
                throw new DataFormatException(path, $"(uid {uid}, sid {sid}) repeats {PartFiles[first.Part]}.csv line {first.Line}; a split holds each pair once", src.LineNumber);
            }
            part.Add((int)uid, (int)sid, 0, 1f);
        }
        if (!header) throw new DataFormatException(path, "is empty: expected the header 'uid,sid' and rows");
        return part;
    }
}
