namespace SimCache.Experiments.Results;

/// <summary>A policy's finished pairs and the median wall seconds one of them took: what shards are sized from.</summary>
public sealed record PolicyTiming(string Experiment, string Policy, int Pairs, double MedianSeconds);
