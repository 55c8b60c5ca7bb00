namespace SimCache.Data.Arrow;

/// <summary>One column as <c>simcache data info</c> shows it: enough to compare against what another tool reports.</summary>
public sealed record ArrowColumnInfo(string Name, string Type, bool Nullable)
{
    public override string ToString() => $"{Name}: {Type}{(Nullable ? "" : " not null")}";
}
