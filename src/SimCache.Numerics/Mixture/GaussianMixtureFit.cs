namespace SimCache.Numerics.Mixture;

/// <summary>
/// The outcome of <see cref="GaussianMixture.Fit"/>: the best model of n_init runs (by the final lower bound, as
/// scikit-learn keeps it) and the figures model selection needs. <see cref="MeanLogLikelihood"/> is scikit-learn's
/// <c>score(X)</c> of the final parameters, which BIC and AIC use; <see cref="LowerBound"/> is the E-step value that
/// decided convergence (one M-step earlier).
/// </summary>
public sealed record GaussianMixtureFit(
    GaussianMixtureModel Model,
    int Samples,
    double LowerBound,
    double MeanLogLikelihood,
    long ParameterCount,
    double Bic,
    double Aic,
    int Iterations,
    bool Converged,
    int BestInit);
