namespace SimCache.Cli.Tests.Malformed;

/// <summary>An uncorrupted input of a family and the command that must accept it.</summary>
public sealed record MalformedBaseRun(string Name, Func<CaseFolder, string[]> Build)
{
    public override string ToString() => Name;
}
