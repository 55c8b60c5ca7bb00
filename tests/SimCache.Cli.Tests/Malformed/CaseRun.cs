namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// What a malformed case runs and what its refusal must say. <see cref="Names"/> are literal texts the message
/// must contain (the file, <c>file:line:</c>, the JSON path, the option or parameter); <see cref="Pattern"/> is an
/// optional regular expression it must also match (the kind of problem, in the user's terms); <see cref="Forbidden"/>
/// an optional one it must not match (a known misleading message). <see cref="Output"/> is the output path the
/// command was given: the whole case folder, that path included, must be left exactly as it was.
/// </summary>
public sealed record CaseRun(string[] Args, string Output, string[] Names, string? Pattern = null, string? Forbidden = null);
