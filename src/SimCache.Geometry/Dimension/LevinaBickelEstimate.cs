namespace SimCache.Geometry.Dimension;

/// <summary>
/// Levina–Bickel at k neighbours: <see cref="Dimension"/> is the estimate of docs/METHODS.md §2.2 (harmonic pooling of the
/// (k − 2) form); <see cref="InverseAveraged"/> is MacKay–Ghahramani's pooling of the maximum-likelihood inverse
/// (k − 1 in the denominator), which is unbiased for 1/d, whereas the former is low by the factor (k − 2)/(k − 1).
/// Local quantiles describe the spread of the per-point (k − 2) estimates.
/// </summary>
public sealed record LevinaBickelEstimate(double Dimension, double InverseAveraged, int K, double LocalMedian, double LocalQuartile1, double LocalQuartile3);
