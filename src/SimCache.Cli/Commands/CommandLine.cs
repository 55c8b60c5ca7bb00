using System.CommandLine;

namespace SimCache.Cli.Commands;

/// <summary>The command line as recorded in outputs' provenance: the program name and the tokens as given.</summary>
public static class CommandLine
{
    public static string Describe(ParseResult parse) =>
        "simcache " + string.Join(' ', parse.Tokens.Select(t => Quote(t.Value)));

    private static string Quote(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./=,:+@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
