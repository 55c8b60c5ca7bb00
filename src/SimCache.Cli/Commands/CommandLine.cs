using System.CommandLine;
using System.CommandLine.Parsing;

namespace SimCache.Cli.Commands;

/// <summary>
/// The command line as recorded in outputs' provenance, in canonical form: the command path, the arguments,
/// then every option that has a value (given, or its default) in the order the command declares them, but
/// not <c>--out</c> or <c>--force</c> (nor options a command names as not changing its output, such as
/// <c>data synth --threads</c>), which change where or how, not what. The same request written with options
/// in another order, with a default spelled out, or into another folder records the same text, so its
/// outputs stay byte-identical.
/// </summary>
public static class CommandLine
{
    public static string Describe(ParseResult parse, params string[] alsoSkip)
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
            if (NotContent.Contains(option.Name) || alsoSkip.Contains(option.Name) || option is System.CommandLine.Help.HelpOption || option is VersionOption) continue;
            if (parse.GetResult(option) is OptionResult { Implicit: false } o)
            {
                if (option.ValueType == typeof(bool))
                {
                    if (o.GetValueOrDefault<bool>()) words.Add(option.Name);
                    continue;
                }
                words.Add(option.Name);
                words.AddRange(o.Tokens.Select(t => Quote(t.Value)));
            }
            else if (option.HasDefaultValue && option.ValueType != typeof(bool) && option.GetDefaultValue() is { } d)
            {
                words.Add(option.Name);
                words.Add(Quote(Convert.ToString(d, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            }
        }
        return string.Join(' ', words);
    }

    /// <summary>Options that change where or how work is done, never what comes out.</summary>
    private static readonly string[] NotContent = ["--out", "--force"];

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./=,:+@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
