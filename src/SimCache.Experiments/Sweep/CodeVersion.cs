using System.Diagnostics;
using SimCache.Data.IO;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// The code a result was made with, for every results row: <c>git describe --always --dirty</c> of the
/// checkout the running binary was built in (so uncommitted changes show as <c>-dirty</c>), or the tool
/// version when there is no git or no checkout (an installed binary).
/// </summary>
public static class CodeVersion
{
    private static readonly Lazy<string> Value = new(Describe);

    public static string Current => Value.Value;

    private static string Describe()
    {
        try
        {
            var start = new ProcessStartInfo("git", ["-C", AppContext.BaseDirectory, "describe", "--always", "--dirty"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null) return Provenance.ToolVersion;
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(10_000))
            {
                git.Kill();
                return Provenance.ToolVersion;
            }
            var text = output.Result.Trim();
            return git.ExitCode == 0 && text.Length > 0 ? text : Provenance.ToolVersion;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return Provenance.ToolVersion;
        }
    }
}
