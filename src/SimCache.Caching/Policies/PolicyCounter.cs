namespace SimCache.Caching.Policies;

/// <summary>
/// One event a policy counts (evictions, moves, fetched items, placements, ...), declared once as a static field
/// of the policy that counts it. Its name is the key under summary.json's <c>policy</c> object and the column of
/// results.db and results.csv, so it reaches the results without any list to extend; <see cref="All"/> finds
/// every declaration, for the report's labels and for the check that no two counters share a name.
/// </summary>
/// <param name="Name">Snake-case name: lower-case letters, digits and '_' (a results column).</param>
/// <param name="Unit">What one count is (keys, items, duels, ...).</param>
/// <param name="Description">What is counted, for a reader of the results.</param>
public sealed record PolicyCounter(string Name, string Unit, string Description)
{
    private static readonly Lazy<IReadOnlyList<PolicyCounter>> Declared = new(() =>
        typeof(PolicyCounter).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
            .Where(f => f.FieldType == typeof(PolicyCounter))
            .Select(f => (PolicyCounter)f.GetValue(null)!)
            .Distinct()
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList());

    /// <summary>Every counter declared by a policy of this library (its static <see cref="PolicyCounter"/> fields).</summary>
    public static IReadOnlyList<PolicyCounter> All => Declared.Value;

    /// <summary>This counter with its value at the end of a replay.</summary>
    public PolicyCount With(double value) => new(this, value);
}
