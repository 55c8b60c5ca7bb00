using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>
/// Three tiny runs on one data set, made once through the CLI and shared by the tests that pair their files:
/// two RecVAE runs that differ only in the seed (A and B), a Mult-VAE run (M), and the traces of A and M.
/// </summary>
public sealed class TrainedRuns : IDisposable
{
    private readonly TempDir _dir = new();

    public TrainedRuns()
    {
        var synth = _dir.File("synth");
        Check(CliHarness.Run("data", "synth", "--users", "300", "--items", "120", "--clusters", "4", "--seed", "11", "--out", synth));
        Data = _dir.File("data");
        Check(CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", Path.Combine(synth, "ratings.csv"), "--out", Data, "--heldout", "40"));
        RunA = Train("a", "recvae", "3");
        RunB = Train("b", "recvae", "4");
        RunM = Train("m", "multvae", "3");
        TraceA = Trace(RunA, "a.arrow");
        TraceM = Trace(RunM, "m.arrow");
    }

    public string Data { get; }
    public string RunA { get; }
    public string RunB { get; }
    public string RunM { get; }
    public string TraceA { get; }
    public string TraceM { get; }

    public string Decoder(string run) => Path.Combine(run, "decoder.arrow");

    private string Train(string name, string model, string seed)
    {
        var run = _dir.File(name);
        Check(CliHarness.Run("train", "--data", Data, "--out", run, "--model", model, "--epochs", "1", "--hidden", "16", "--latent", "8", "--batch", "64", "--seed", seed));
        return run;
    }

    private string Trace(string run, string name)
    {
        var trace = _dir.File(name);
        Check(CliHarness.Run("trace", "--run", run, "--out", trace, "--answers", "10", "--min-ratings", "20", "--threads", "1"));
        return trace;
    }

    private static void Check(CliHarness.Result r) => Assert.True(r.ExitCode == 0, r.ToString());

    public void Dispose() => _dir.Dispose();
}
