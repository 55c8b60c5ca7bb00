namespace SimCache.Simulation.Running;

/// <summary>The trace a replay read, as its summary records it.</summary>
public sealed record TraceInfo(string Sha256, long Rows, int Dimension, string Distance, bool HasAnswers, bool HasFuture);
