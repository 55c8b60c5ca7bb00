namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// One malformed input: how to write it into a scratch folder, the command that must refuse it, and the exit
/// code it must end with (2: bad input; 1: the environment failed). Kept as data so that a new input path gets
/// its rows in a table rather than a new test, and so that the suite can count its cases per family.
/// </summary>
/// <param name="Family">The input family (csv, arrow, spec, experiments, gmm, output).</param>
/// <param name="Name">A unique PascalCase name, the test case's display name.</param>
/// <param name="ExitCode">2 for input the tool must refuse, 1 for an environment failure.</param>
/// <param name="Build">Writes the malformed input into the case's folder and returns the command line and what the message must name.</param>
public sealed record MalformedCase(string Family, string Name, int ExitCode, Func<CaseFolder, CaseRun> Build)
{
    public override string ToString() => Name;
}
