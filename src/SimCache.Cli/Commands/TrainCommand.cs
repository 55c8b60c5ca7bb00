using System.CommandLine;
using System.Globalization;
using SimCache.Cli.Console;
using SimCache.Data.IO;
using SimCache.Training.Training;

namespace SimCache.Cli.Commands;

/// <summary><c>simcache train</c>: RecVAE (or Mult-VAE, or popularity) on a prepared data set, into a run folder.</summary>
public static class TrainCommand
{
    public static Command Build(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "A data set folder made by 'data prepare' (required unless --resume)." };
        var model = new Option<string>("--model") { Description = "recvae (the paper's model), multvae (the baseline) or popularity.", DefaultValueFactory = _ => TrainOptions.RecVae };
        model.AcceptOnlyFromAmong([.. TrainOptions.Models]);
        var output = new Option<string>("--out") { Description = "Run folder: metrics.json, model.bin, embeddings.arrow, decoder.arrow (required unless --resume)." };
        var resume = new Option<string>("--resume") { Description = "Continue the interrupted run in this folder from its last completed epoch, with its own options (only --threads and the --data path may be given)." };
        var epochs = new Option<int?>("--epochs") { Description = "Outer epochs (default 50; multvae 200)." };
        var gamma = new Option<double>("--gamma") { Description = "RecVAE's KL weight per user item (weight = γ·|x|).", DefaultValueFactory = _ => 0.005 };
        var beta = new Option<double?>("--beta") { Description = "A fixed KL weight (multvae default: annealed to 0.2 over 200,000 updates)." };
        var batch = new Option<int>("--batch") { Description = "Users per batch.", DefaultValueFactory = _ => 500 };
        var lr = new Option<double?>("--lr") { Description = "Adam learning rate (default 5e-4; multvae 1e-3)." };
        var hidden = new Option<int>("--hidden") { Description = "Hidden layer width.", DefaultValueFactory = _ => 600 };
        var latent = new Option<int>("--latent") { Description = "Latent size: the embedding dimension.", DefaultValueFactory = _ => 200 };
        var dropout = new Option<double>("--dropout") { Description = "Input dropout in encoder phases.", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<long>("--seed") { Description = "Seed of torch and of the user shuffles.", DefaultValueFactory = _ => 42 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default 1: byte-identical outputs on any machine; more can be faster on an idle machine, but the weights then differ in their last bits)." };
        var force = new Option<bool>("--force") { Description = "Replace the run --out already holds (complete or interrupted), whole. A folder of anything else is never replaced." };
        var device = new Option<string>("--device") { Description = "cpu (cuda needs a CUDA build of libtorch, which this build does not reference).", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var cmd = new Command("train", "Train RecVAE (docs/METHODS.md §1.2) or a baseline; export metrics, checkpoint, user embeddings and decoder.")
        {
            data, model, output, resume, epochs, gamma, beta, batch, lr, hidden, latent, dropout, seed, threads, device, force,
        };
        Option[] fixedByRun = [model, epochs, gamma, beta, batch, lr, hidden, latent, dropout, seed];
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            if (parse.GetValue(device) == "cuda")
                throw new UsageException("--device cuda: this build references the CPU libtorch only (libtorch-cpu-linux-x64); use --device cpu");
            if (parse.GetValue(resume) is string runDir)
            {
                if (parse.GetValue(output) is string o && Path.GetFullPath(o) != Path.GetFullPath(runDir))
                    throw new UsageException($"--out {o}: a resumed run stays in its own folder ({runDir})");
                foreach (var option in fixedByRun)
                    if (parse.GetResult(option) is { Implicit: false })
                        throw new UsageException($"{option.Name}: a resumed run keeps the options it was started with; only --threads and --data may be given with --resume");
                var resumed = Interruptible(context, runDir, () => context.WithProgress(reporter =>
                    RecommenderTrainer.Resume(runDir, parse.GetValue(data), parse.GetValue(threads), reporter, context.Error.WriteLine, context.Cancellation)));
                context.Output.WriteLine(Summary(resumed));
                return CliApp.Success;
            }
            if (parse.GetValue(data) is null) throw new UsageException("--data is required (or --resume RUN)");
            if (parse.GetValue(output) is null) throw new UsageException("--out is required (or --resume RUN)");
            var options = new TrainOptions
            {
                Model = parse.GetValue(model)!,
                Epochs = parse.GetValue(epochs),
                Gamma = parse.GetValue(gamma),
                Beta = parse.GetValue(beta),
                Batch = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Hidden = parse.GetValue(hidden),
                Latent = parse.GetValue(latent),
                Dropout = parse.GetValue(dropout),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads) ?? 1,
            };
            var metrics = Interruptible(context, parse.GetValue(output)!, () => context.WithProgress(reporter =>
                RecommenderTrainer.Train(parse.GetValue(data)!, parse.GetValue(output)!, options, CommandLine.Describe(parse, "--force"), reporter, context.Error.WriteLine, context.Cancellation,
                    parse.GetValue(force))));
            context.Output.WriteLine(Summary(metrics));
            return CliApp.Success;
        }));
        return cmd;
    }

    /// <summary>Says how to continue when the user interrupts training, then lets <see cref="CliApp.Guard"/> report it.</summary>
    private static RunMetrics Interruptible(CliContext context, string runDir, Func<RunMetrics> train)
    {
        try
        {
            return train();
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine(File.Exists(Path.Combine(runDir, "resume.bin"))
                ? $"interrupted; the last completed epoch is saved. Continue with: simcache train --resume {runDir}"
                : "interrupted before the first epoch completed; nothing to resume");
            throw;
        }
    }

    /// <summary>One line: the best epoch and its test and validation figures.</summary>
    public static string Summary(RunMetrics metrics) => string.Create(CultureInfo.InvariantCulture,
        $"{metrics.Model}: best epoch {metrics.BestEpoch}; test NDCG@100 {metrics.Test["ndcg@100"]:F5}, Recall@20 {metrics.Test["recall@20"]:F5}, Recall@50 {metrics.Test["recall@50"]:F5} ({metrics.TestUsers} users); validation NDCG@100 {metrics.Validation["ndcg@100"]:F5}.");
}
