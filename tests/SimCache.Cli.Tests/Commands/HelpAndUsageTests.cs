using System.CommandLine;
using SimCache.Cli.Console;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

public class HelpAndUsageTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        void Walk(Command c, string prefix)
        {
            data.Add(prefix);
            foreach (var sub in c.Subcommands) Walk(sub, (prefix + " " + sub.Name).Trim());
        }
        Walk(CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, false)), "");
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void EveryCommandHasHelp(string path)
    {
        var args = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
        var r = CliHarness.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Usage:", r.Out);
        if (path.Length > 0) Assert.Matches(System.Text.RegularExpressions.Regex.Escape(path) + @" [\[<]", r.Out); // the usage line names the command
    }

    [Fact]
    public void TheTreeHasTheDataCommands()
    {
        var paths = new List<string>();
        foreach (string row in CommandPaths()) paths.Add(row);
        Assert.Contains("data prepare", paths);
        Assert.Contains("data synth", paths);
        Assert.Contains("data info", paths);
        Assert.Contains("run", paths);
    }

    [Fact]
    public void UnknownFormatIsExitCode2AndListsTheFormats()
    {
        var r = CliHarness.Run("data", "prepare", "--format", "parquet", "--input", "x", "--out", "y");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("parquet", r.Err);
        Assert.Contains("movielens-csv", r.Err);
        Assert.Contains("vae-cf", r.Err);
    }

    [Fact]
    public void MissingRequiredOptionAndUnknownCommandAreExitCode2()
    {
        Assert.Equal(2, CliHarness.Run("data", "prepare", "--input", "x", "--out", "y").ExitCode);
        Assert.Equal(2, CliHarness.Run("frobnicate").ExitCode);
        Assert.Equal(2, CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", "x", "--out", "y", "--seed", "minus-one").ExitCode);
    }

    [Fact]
    public void BadThresholdAndColumnsAreExitCode2()
    {
        using var dir = new TempDir();
        var csv = dir.File("r.csv", "u,i\n1,2\n");
        var r = CliHarness.Run("data", "prepare", "--format", "csv", "--input", csv, "--out", dir.File("o"), "--columns", "user=u,item=i", "--threshold", "high");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--threshold: expected a number or 'none', found 'high'", r.Err);
        r = CliHarness.Run("data", "prepare", "--format", "csv", "--input", csv, "--out", dir.File("o"), "--columns", "person=u");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown role 'person'", r.Err);
        Assert.False(Directory.Exists(dir.File("o")));
    }
}
