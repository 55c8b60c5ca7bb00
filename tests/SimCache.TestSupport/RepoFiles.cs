namespace SimCache.TestSupport;

/// <summary>
/// Files committed in the repository, found above the test's bin folder, so that every test project reads
/// the same golden trace (traces/golden-small, made by traces/make-golden-small.sh) from one definition.
/// </summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The golden trace: 1,267 requests of 371 users, d = 32, with answers and future items.</summary>
    public static string GoldenTrace => Path.Combine(Root, "traces", "golden-small", "trace.arrow");

    /// <summary>The decoder that computed the golden trace's answers.</summary>
    public static string GoldenDecoder => Path.Combine(Root, "traces", "golden-small", "decoder.arrow");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Simulator.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Simulator.sln not found above " + AppContext.BaseDirectory);
    }
}
