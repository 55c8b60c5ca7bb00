namespace SimCache.Experiments.Sweep;

/// <summary>One sweep to run: an experiment's points × seeds on one set of inputs, into a results folder, with N jobs.</summary>
public sealed record SweepRequest(
    string Experiment, IReadOnlyList<SweepPoint> Points, IReadOnlyList<long> Seeds, SweepInputs Inputs,
    string ResultsDir, int Jobs, string CodeVersion);
