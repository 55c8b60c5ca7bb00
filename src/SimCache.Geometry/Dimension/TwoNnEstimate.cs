namespace SimCache.Geometry.Dimension;

/// <summary>TwoNN: the maximum-likelihood dimension and the regression through the origin on the smallest 90% of μ.</summary>
public sealed record TwoNnEstimate(double MaximumLikelihood, double Fit, int Points);
