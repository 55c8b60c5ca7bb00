namespace SimCache.Experiments.Config;

/// <summary>One named dimension of a sweep grid and its values in the order written (a scalar is a list of one).</summary>
public sealed record GridParameter(string Name, IReadOnlyList<ParamValue> Values)
{
    /// <summary>
    /// The JSON path each value was written at (<c>experiments[0].sweep.caches[2].capacity[1]</c>; a range's values
    /// share the range's path), so a value refused later is named where it was written. Null: not from a file.
    /// </summary>
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Where <paramref name="value"/> was written, or null when unknown.</summary>
    public string? SourceOf(ParamValue value)
    {
        if (Sources is null) return null;
        int i = Values.ToList().IndexOf(value);
        return i >= 0 && i < Sources.Count ? Sources[i] : null;
    }
}
