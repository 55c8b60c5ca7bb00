namespace SimCache.Geometry.Dimension;

/// <summary>The k-NN radius law fit: mean log R(k) against ψ(k) for k = 1..K, slope 1/d (the points are what the figure plots).</summary>
public sealed record RadiusLawEstimate(double Dimension, double Slope, double Intercept, double RSquared, double[] Digamma, double[] MeanLogRadius);
