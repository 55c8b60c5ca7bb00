using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// The malformed-input suite: every case of the family tables (<see cref="MalformedCases"/>) run in-process, each
/// checked for the refusal the tool promises: the exit code (2 bad input, 1 environment), no .NET stack trace or
/// exception name, a message naming the file, line or field, and the case's folder (the output path with it) left
/// exactly as it was. A failure names its cause first — [crash], [silent], [exit], [message] or [debris] — so a
/// run of the suite reads as a work list.
/// </summary>
[Collection(MalformedSuiteCollection.Name)]
public sealed partial class MalformedInputSuite(MalformedInputs inputs, ITestOutputHelper log)
{
    /// <summary>A refusal must finish well within this; a case still running after it counts as a hang.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [GeneratedRegex(@"(?m)^\s*at [A-Za-z_<][\w.`<>\[\],|]*\(|[A-Za-z]+Exception\b|--- End of|unexpected failure")]
    private static partial Regex CrashText();

    public static TheoryData<string> Cases => new(MalformedCases.All.Select(c => c.Name));

    public static TheoryData<string> Bases => new(MalformedBaseRuns.All.Select(b => b.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void RefusesCleanly(string name)
    {
        var c = MalformedCases.ByName[name];
        using var dir = new TempDir();
        var folder = new CaseFolder(dir.Path, inputs);
        var run = c.Build(folder);
        var before = Snapshot(dir.Path);
        bool outsideExisted = !IsUnder(run.Output, dir.Path) && (File.Exists(run.Output) || Directory.Exists(run.Output));
        var r = Run(run.Args);
        var text = r.Out + "\n" + r.Err;

        var problems = new List<string>();
        if (r.ExitCode == TimedOut) problems.Add($"[crash] still running after {Limit.TotalMinutes} minutes (a hang)");
        if (CrashText().Match(text) is { Success: true } crash) problems.Add($"[crash] the output shows a .NET failure ('{crash.Value.Trim()}')");
        if (r.ExitCode == 0) problems.Add("[silent] exit 0: the input was accepted");
        else if (r.ExitCode != c.ExitCode && r.ExitCode != TimedOut) problems.Add($"[exit] exit {r.ExitCode}, expected {c.ExitCode}");
        foreach (var n in run.Names)
            if (!text.Contains(n, StringComparison.Ordinal)) problems.Add($"[message] does not name '{n}'");
        if (run.Pattern is { } p && !Regex.IsMatch(text, p)) problems.Add($"[message] does not match /{p}/");
        if (run.Forbidden is { } f && Regex.Match(text, f) is { Success: true } bad) problems.Add($"[message] says '{bad.Value}', which misleads");
        var after = Snapshot(dir.Path);
        var changed = before.Keys.Union(after.Keys).Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b).Order().ToList();
        if (changed.Count > 0) problems.Add("[debris] the folder changed: " + string.Join(", ", changed.Take(6)) + (changed.Count > 6 ? $" and {changed.Count - 6} more" : ""));
        if (!IsUnder(run.Output, dir.Path) && !outsideExisted && (File.Exists(run.Output) || Directory.Exists(run.Output)))
            problems.Add($"[debris] {run.Output} was created");

        log.WriteLine($"{c.Family}/{c.Name}: simcache {string.Join(' ', run.Args)}\n{r}");
        Assert.True(problems.Count == 0, $"{c.Family}/{c.Name}: {string.Join("; ", problems)}\n{r}");
    }

    /// <summary>Each family's uncorrupted input goes through: a case can fail only by what its corruption did.</summary>
    [Theory]
    [MemberData(nameof(Bases))]
    public void BaseInputIsAccepted(string name)
    {
        var b = MalformedBaseRuns.All.Single(x => x.Name == name);
        using var dir = new TempDir();
        var args = b.Build(new CaseFolder(dir.Path, inputs));
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"simcache {string.Join(' ', args)}\n{r}");
    }

    [Fact]
    public void CountsItsCasesPerFamily()
    {
        var all = MalformedCases.All;
        var counts = all.GroupBy(c => c.Family).ToDictionary(g => g.Key, g => g.Count());
        var summary = string.Join(", ", MalformedCases.Families.Select(f => $"{f} {counts.GetValueOrDefault(f)}")) + $"; total {all.Count}";
        log.WriteLine("Malformed-input cases: " + summary);
        System.Console.WriteLine("Malformed-input cases: " + summary);
        Assert.Equal(MalformedCases.Families.Order(), counts.Keys.Order());
        Assert.True(all.Count >= 150, summary);
        Assert.All(MalformedCases.Families, f => Assert.True(counts[f] >= 15, $"{f}: {counts[f]} cases"));
        Assert.Equal(all.Count, all.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, c => Assert.Matches("^[A-Z][A-Za-z0-9]+$", c.Name));
        Assert.All(all, c => Assert.Contains(c.ExitCode, new[] { 1, 2 }));
    }

    private const int TimedOut = -999;

    private static CliHarness.Result Run(string[] args)
    {
        var task = Task.Factory.StartNew(() => CliHarness.Run(args), TaskCreationOptions.LongRunning);
        return task.Wait(Limit) ? task.Result : new CliHarness.Result(TimedOut, "", "");
    }

    private static bool IsUnder(string path, string folder) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Every file (with its hash) and folder under <paramref name="root"/>, hidden ones included.</summary>
    private static Dictionary<string, string> Snapshot(string root)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in Directory.GetDirectories(root, "*", SearchOption.AllDirectories)) map[Path.GetRelativePath(root, d) + "/"] = "dir";
        foreach (var f in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            map[Path.GetRelativePath(root, f)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        return map;
    }
}
