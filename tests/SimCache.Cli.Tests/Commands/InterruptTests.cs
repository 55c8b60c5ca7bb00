using System.Diagnostics;
using System.Runtime.InteropServices;
using SimCache.Cli.Console;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>
/// The first Ctrl+C stops <c>data prepare</c> and <c>data synth</c>: exit code 130, a one-line message, and nothing
/// at --out. In-process through the context's token, and once for real: SIGINT sent to a child process.
/// </summary>
public class InterruptTests
{
    private static CliHarness.Result RunInterrupted(params string[] args)
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, new CliContext(o, e, interactive: false) { Cancellation = cancel.Token });
        return new CliHarness.Result(code, o.ToString(), e.ToString());
    }

    [Fact]
    public void InterruptedPrepareIsExit130AndWritesNothing()
    {
        using var dir = new TempDir();
        var lines = Enumerable.Range(0, 12).SelectMany(u => Enumerable.Range(0, 6).Select(i => $"{u + 1},{i + 1},4.0,{100 + i}"));
        var input = dir.File("ratings.csv", "userId,movieId,rating,timestamp\n" + string.Join('\n', lines) + "\n");
        var outDir = dir.File("out");
        var r = RunInterrupted("data", "prepare", "--format", "movielens-csv", "--input", input, "--out", outDir, "--heldout", "2");
        Assert.True(r.ExitCode == 130, r.ToString());
        Assert.Contains("interrupted", r.Err);
        Assert.False(Path.Exists(outDir));
        Assert.Single(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void InterruptedSynthIsExit130AndWritesNothing()
    {
        using var dir = new TempDir();
        var outDir = dir.File("synth");
        var r = RunInterrupted("data", "synth", "--out", outDir, "--users", "3000");
        Assert.True(r.ExitCode == 130, r.ToString());
        Assert.Contains("interrupted", r.Err);
        Assert.False(Path.Exists(outDir));
    }

    /// <summary>Standard error that fires the interrupt the moment a line containing <paramref name="trigger"/> is written.</summary>
    private sealed class InterruptOnLine(string trigger, CancellationTokenSource interrupt) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(trigger, StringComparison.Ordinal)) interrupt.Cancel();
        }
    }

    /// <summary>
    /// The geometry stage has no token of its own: its loops stop at their next progress report. Interrupted when
    /// the first mixture (K = 1) is done, it stops inside the K = 2 fit — no K = 3 fit, no map — with exit 130 and
    /// no report folder.
    /// </summary>
    [Fact]
    public void InterruptedGeometryStopsAtItsNextProgressReportAndWritesNothing()
    {
        using var dir = new TempDir();
        var input = dir.File("embeddings.arrow");
        var rnd = new Random(3);
        using (var w = new SimCache.Data.Arrow.EmbeddingFileWriter(input, 8, SimCache.Data.Arrow.SimCacheArrow.DistanceL2, SimCache.Data.IO.Provenance.For("test", 3)))
        {
            for (int i = 0; i < 400; i++) w.Append(i, "u" + i, Enumerable.Range(0, 8).Select(_ => (float)rnd.NextDouble()).ToArray());
            w.Complete();
        }
        var outDir = dir.File("geometry");
        using var interrupt = new CancellationTokenSource();
        var err = new InterruptOnLine("K = 1, d = ", interrupt);
        var o = new StringWriter();
        int code = CliApp.Run(["geometry", "--embeddings", input, "--out", outDir, "--gmm-max", "6", "--gmm-space", "embedding", "--knn", "8", "--tsne", "200", "--threads", "1"],
            new CliContext(o, err, interactive: false) { Cancellation = interrupt.Token });
        string text = err.ToString();
        Assert.True(code == 130, $"exit {code}\n{text}");
        Assert.Contains("K = 1, d = 8: done", text);
        Assert.DoesNotContain("K = 3", text);
        Assert.DoesNotContain("t-SNE", text);
        Assert.Contains("interrupted", text);
        Assert.False(Path.Exists(outDir));
        Assert.Equal([input], Directory.GetFileSystemEntries(dir.Path));
    }

    /// <summary>
    /// A real SIGINT to <c>simcache data synth --preset ml-20m</c> once it has started writing. Without the handler
    /// the runtime would also end the process with 130, but leave the folder and its half-written temporary file.
    /// </summary>
    private const string Perl = "/usr/bin/perl";

    private const int SigInt = 2;

    /// <summary>kill(2) itself, so the test does not depend on procps's kill being installed.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public async Task SigintStopsSynthInAChildProcess()
    {
        using var dir = new TempDir();
        var outDir = dir.File("synth");
        var cli = Path.Combine(AppContext.BaseDirectory, "simcache.dll");
        var start = new ProcessStartInfo(File.Exists(Perl) ? Perl : "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // A job started in the background by a non-interactive shell (nohup, "&", many CI runners) inherits SIGINT
        // as ignored, and the runtime rightly keeps it ignored. Perl (essential on Debian) restores the default
        // disposition and execs the child, so the child sees SIGINT as it would from a terminal.
        if (File.Exists(Perl)) foreach (var a in new[] { "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\";", "dotnet" }) start.ArgumentList.Add(a);
        foreach (var a in new[] { cli, "data", "synth", "--preset", "ml-20m", "--out", outDir, "--threads", "1" }) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var err = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEndAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            while (!Directory.Exists(outDir) && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            Assert.True(Directory.Exists(outDir), "the child never started writing: " + (child.HasExited ? await err : "still running"));
            await Task.Delay(300); // well inside the generation, which takes tens of seconds at this size
            Assert.True(Kill(child.Id, SigInt) == 0, "kill(2) failed: errno " + Marshal.GetLastPInvokeError());
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await child.WaitForExitAsync(limit.Token); // throws if the child did not stop within 30 s of SIGINT
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
        string errText = await err, outText = await output;
        Assert.True(child.ExitCode == 130, $"exit {child.ExitCode}\n{errText}\n{outText}");
        Assert.Contains("interrupted", errText);
        Assert.False(Path.Exists(outDir));
    }
}
