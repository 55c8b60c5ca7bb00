namespace SimCache.Data.Download;

/// <summary>The exact <c>data prepare</c> command for a downloaded (or separately obtained) data set, printed and written beside it.</summary>
public static class PrepareHint
{
    /// <summary><c>simcache data prepare --format F --input DIR --out DIR-prepared</c>, paths quoted for a POSIX shell when needed.</summary>
    public static string Command(DatasetSource source, string dir)
    {
        var trimmed = dir.TrimEnd('/', Path.DirectorySeparatorChar);
        if (trimmed.Length == 0) trimmed = dir;
        return $"simcache data prepare --format {source.PrepareFormat} --input {Quote(trimmed)} --out {Quote(trimmed + "-prepared")}";
    }

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./=,:+@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
