using System.Globalization;

namespace SimCache.Numerics.Mixture;

/// <summary>The spelling of <see cref="CovarianceType"/> in files and on the command line (scikit-learn's), and the parameter counts.</summary>
public static class CovarianceTypes
{
    public static string Name(CovarianceType type) => type switch
    {
        CovarianceType.Full => "full",
        CovarianceType.Diag => "diag",
        CovarianceType.Tied => "tied",
        CovarianceType.Spherical => "spherical",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses "full", "diag", "tied" or "spherical"; null when unknown.</summary>
    public static CovarianceType? Parse(string? name) => name switch
    {
        "full" => CovarianceType.Full,
        "diag" => CovarianceType.Diag,
        "tied" => CovarianceType.Tied,
        "spherical" => CovarianceType.Spherical,
        _ => null,
    };

    /// <summary>
    /// Free parameters of a K-component mixture in d dimensions, as scikit-learn's <c>_n_parameters</c>: means K·d,
    /// weights K − 1, covariances K·d(d+1)/2 (full), K·d (diag), d(d+1)/2 (tied), K (spherical).
    /// </summary>
    public static long ParameterCount(CovarianceType type, int components, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        long k = components, d = dimension;
        long covariance = type switch
        {
            CovarianceType.Full => k * d * (d + 1) / 2,
            CovarianceType.Diag => k * d,
            CovarianceType.Tied => d * (d + 1) / 2,
            CovarianceType.Spherical => k,
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        return covariance + k * d + k - 1;
    }

    /// <summary>Bayesian information criterion: −2·n·(mean log-likelihood) + p·ln n (lower is better).</summary>
    public static double Bic(double meanLogLikelihood, long samples, long parameters) =>
        -2.0 * meanLogLikelihood * samples + parameters * Math.Log(samples);

    /// <summary>Akaike information criterion: −2·n·(mean log-likelihood) + 2p.</summary>
    public static double Aic(double meanLogLikelihood, long samples, long parameters) =>
        -2.0 * meanLogLikelihood * samples + 2.0 * parameters;

    internal static string Describe(CovarianceType type, int k, int d) =>
        string.Create(CultureInfo.InvariantCulture, $"{Name(type)} covariances, K = {k}, d = {d}");
}
