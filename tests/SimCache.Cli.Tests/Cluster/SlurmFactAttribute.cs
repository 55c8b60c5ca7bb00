using System.Diagnostics;
using Xunit;

namespace SimCache.Cli.Tests.Cluster;

/// <summary>
/// A test that needs a Slurm cluster: skipped, with the reason, when <c>sinfo</c> does not answer (no Slurm on
/// this machine, or its controller is down), so it is reported as skipped rather than passed. <c>.ci/slurm-up</c>
/// starts a one-node cluster on a CI machine.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public SlurmFactAttribute()
    {
        if (Unavailable.Value is { } reason) Skip = reason;
    }

    /// <summary>Null when sinfo lists a node that is up; else why not.</summary>
    private static string? Probe()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("sinfo", ["-h", "-o", "%T"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (p is null) return "Slurm is not available: sinfo could not be started";
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(15_000))
            {
                p.Kill(true);
                return "Slurm is not available: sinfo did not answer within 15 s";
            }
            if (p.ExitCode != 0) return $"Slurm is not available: sinfo exited {p.ExitCode}: {error.Result.Trim()}";
            var states = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return states.Any(s => s is "idle" or "mixed" or "allocated" or "completing") ? null
                : $"Slurm is not available: no node is up (sinfo: {string.Join(", ", states)}); run .ci/slurm-up";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "Slurm is not available: sinfo is not installed (run .ci/slurm-up as root for a one-node cluster)";
        }
    }
}
