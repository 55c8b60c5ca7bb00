using SimCache.Data.IO;

namespace SimCache.Data.Ingest;

/// <summary>
/// Which header columns of a generic CSV hold the user, item, and optionally rating and time, as given by
/// <c>--columns user=NAME,item=NAME[,rating=NAME][,time=NAME]</c>.
/// </summary>
public sealed record ColumnMap(string User, string Item, string? Rating, string? Time)
{
    private static readonly string[] Roles = ["user", "item", "rating", "time"];

    public static ColumnMap Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new UsageException("--columns is required with --format csv: give user=NAME,item=NAME[,rating=NAME][,time=NAME]");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw new UsageException($"--columns: '{part}' is not ROLE=NAME; expected user=NAME,item=NAME[,rating=NAME][,time=NAME]");
            var role = part[..eq].Trim();
            var name = part[(eq + 1)..].Trim();
            if (!Roles.Contains(role))
                throw new UsageException($"--columns: unknown role '{role}'; valid roles: {string.Join(", ", Roles)}");
            if (!map.TryAdd(role, name))
                throw new UsageException($"--columns: role '{role}' is given twice");
        }
        if (!map.TryGetValue("user", out var user) || !map.TryGetValue("item", out var item))
            throw new UsageException("--columns must name at least user=NAME and item=NAME");
        return new ColumnMap(user, item, map.GetValueOrDefault("rating"), map.GetValueOrDefault("time"));
    }
}
