namespace SimCache.Data.Progress;

/// <summary>
/// How library code tells the user what it is doing without depending on a console: the CLI plugs in a
/// Spectre.Console progress display, tests plug in <see cref="NullWorkReporter"/>.
/// </summary>
public interface IWorkReporter
{
    /// <summary>Starts a named task of <paramref name="total"/> units (0 if unknown).</summary>
    IWorkTask Start(string description, long total, string unit);
}
