namespace SimCache.Geometry.Hubness;

/// <summary>k-occurrence statistics: skewness, the share of anti-hubs (never anyone's neighbour), the largest count and the top hubs' row indices.</summary>
public sealed record HubnessEstimate(int K, double Skewness, double AntiHubShare, int MaxOccurrence, int[] TopHubs, int[] TopHubOccurrences, int[] Occurrences);
