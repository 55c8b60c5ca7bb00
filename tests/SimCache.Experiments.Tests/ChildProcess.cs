using SimCache.Experiments.Config;
using SimCache.Experiments.Sweep;
using SimCache.Experiments.Tests.Sweep;

namespace SimCache.Experiments.Tests;

/// <summary>
/// The entry point of this test assembly when run as a program (<c>dotnet SimCache.Experiments.Tests.dll sweep-child …</c>):
/// the kill-and-resume test starts it as a child process and kills it with SIGKILL at random moments. It runs
/// the real loader, sweep engine and results store with the slow <see cref="FormulaPointRunner"/>.
/// </summary>
public static class ChildProcess
{
    public static int Main(string[] args)
    {
        if (args.Length != 5 || args[0] != "sweep-child")
        {
            Console.Error.WriteLine("usage: sweep-child EXPERIMENTS.json OUT DELAY_MS JOBS");
            return 2;
        }
        var experiment = ExperimentFile.Load(args[1]).Select(null);
        var points = SweepPlan.Expand(experiment.Sweep!);
        var inputs = new SweepInputs("trace.arrow", null, null, "test-inputs");
        var outcome = SweepEngine.Run(new SweepRequest(experiment.Name, points, experiment.Sweep!.Seeds, inputs, args[2], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), "test-version"),
            new FormulaPointRunner(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)), log: line =>
            {
                Console.Out.WriteLine(line);
                Console.Out.Flush();
            });
        Console.Out.WriteLine($"finished {outcome.Ran}");
        return 0;
    }
}
