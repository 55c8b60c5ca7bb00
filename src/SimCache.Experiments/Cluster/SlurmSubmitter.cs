using System.Diagnostics;

namespace SimCache.Experiments.Cluster;

/// <summary>
/// Submits the scripts <see cref="SlurmScripts"/> wrote by running their <c>submit.sh</c>, so what <c>--submit</c>
/// does is exactly what a user who submits by hand (<c>--print</c>, then <c>bash OUT/slurm/submit.sh</c>) gets.
/// A missing <c>sbatch</c> or a refusal by Slurm is an environment failure (exit 1), with sbatch's own message.
/// </summary>
public static class SlurmSubmitter
{
    /// <summary>Whether <c>sbatch</c> is on PATH.</summary>
    public static bool Available() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, "sbatch")));

    /// <summary>Runs OUT/slurm/submit.sh; returns its lines (the job ids: "stages job: 12", "sweep array: 13 (4 tasks)", "merge job: 14").</summary>
    public static IReadOnlyList<string> Submit(string slurmDir)
    {
        if (!Available()) throw new IOException("sbatch is not on PATH: this machine cannot submit Slurm jobs; run simcache slurm … --print here and submit OUT/slurm/submit.sh on a login node");
        var start = new ProcessStartInfo("bash", [Path.Combine(slurmDir, SlurmScripts.SubmitFile)])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(start) ?? throw new IOException("could not start bash to run " + SlurmScripts.SubmitFile);
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new IOException("sbatch did not answer within 2 minutes (is slurmctld up? try: sinfo)");
        }
        var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (p.ExitCode != 0)
            throw new IOException($"sbatch failed (exit {p.ExitCode}): {error.Result.Trim()}" + (lines.Length > 0 ? $"; submitted before the failure: {string.Join("; ", lines)}" : ""));
        return lines;
    }
}
