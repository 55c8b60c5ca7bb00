using System.CommandLine;
using SimCache.Cli.Console;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>A value that is not a number of its option's type is named in the user's terms, never by a .NET type.</summary>
public class ValueMessageTests
{
    [Theory]
    [InlineData("-1")]
    [InlineData("4294967296")]
    [InlineData("1.5")]
    public void SeedOutOfRangeSaysWhatASeedIs(string value)
    {
        using var dir = new TempDir();
        var r = CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", dir.File("in.csv"), "--out", dir.File("out"), "--seed", value);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"--seed must be a whole number from 0 to 4294967295, found '{value}'", r.Err);
        Assert.DoesNotContain("System.", r.Err);
        Assert.False(Path.Exists(dir.File("out")));
    }

    /// <summary>Every numeric option of every command, given a word: the message names the option and what it takes.</summary>
    [Fact]
    public void EveryNumericOptionExplainsItsType()
    {
        var root = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, interactive: false));
        int checkedOptions = 0;
        foreach (var (path, option) in Options(root, []))
        {
            var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            if (type == typeof(string) || type == typeof(bool) || type.IsArray) continue;
            var r = CliHarness.Run([.. path, option.Name, "lots"]);
            Assert.True(r.ExitCode == 2, string.Join(' ', path) + " " + option.Name + ": " + r);
            Assert.Contains($"{option.Name} must be a ", r.Err);
            Assert.Contains("found 'lots'", r.Err);
            Assert.DoesNotContain("System.", r.Err);
            checkedOptions++;
        }
        Assert.True(checkedOptions >= 50, $"only {checkedOptions} numeric options found");
    }

    private static IEnumerable<(string[] Path, Option Option)> Options(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] subPath = [.. path, sub.Name];
            foreach (var option in sub.Options) yield return (subPath, option);
            foreach (var nested in Options(sub, subPath)) yield return nested;
        }
    }
}
