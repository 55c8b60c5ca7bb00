using System.CommandLine;
using System.CommandLine.Parsing;

namespace SimCache.Cli.Commands;

/// <summary>
/// The command line as recorded in outputs' provenance, in canonical form: the command path, then the
/// arguments, then the options given explicitly in the order the command declares them. The same request
/// written with options in another order records the same text, so its outputs stay byte-identical.
/// </summary>
public static class CommandLine
{
    public static string Describe(ParseResult parse)
    {
        var path = new List<string>();
        for (SymbolResult? r = parse.CommandResult; r is CommandResult c; r = c.Parent)
            path.Add(c.Command is RootCommand ? "simcache" : c.Command.Name);
        path.Reverse();
        var command = parse.CommandResult.Command;
        var words = new List<string>(path);
        foreach (var argument in command.Arguments)
            if (parse.GetResult(argument) is { } a)
                words.AddRange(a.Tokens.Select(t => Quote(t.Value)));
        foreach (var option in command.Options)
        {
            if (parse.GetResult(option) is not OptionResult o || o.Implicit) continue;
            words.Add(option.Name);
            words.AddRange(o.Tokens.Select(t => Quote(t.Value)));
        }
        return string.Join(' ', words);
    }

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./=,:+@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
