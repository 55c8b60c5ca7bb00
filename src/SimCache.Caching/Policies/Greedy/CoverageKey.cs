using SimCache.Numerics.Vectors;

namespace SimCache.Caching.Policies.Greedy;

/// <summary>
/// What coverage sets depend on: the trace's content (SHA-256 of the file, so a rewritten file never hits a
/// stale entry and a copy elsewhere shares it), the dimension and metric it is read with, θ (exact bits) and
/// the resolved number of candidates. Not the capacity: the greedy order serves every K.
/// </summary>
internal readonly record struct CoverageKey(string TraceSha256, int Dimension, DistanceMetric Metric, double Threshold, int Candidates);
