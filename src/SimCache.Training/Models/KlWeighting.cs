namespace SimCache.Training.Models;

/// <summary>
/// How the KL term of the negative ELBO is weighted per user. RecVAE's "beta rescaling" makes the weight
/// proportional to the user's number of items (γ·|x|), because a user with more feedback carries more evidence
/// and the reconstruction term grows with |x|; Mult-VAE uses one (annealed) β for everybody. Making the choice a
/// value type keeps the two cases explicit instead of the official code's "gamma if truthy else beta".
/// </summary>
public readonly record struct KlWeighting
{
    private KlWeighting(double value, bool perItem)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "A KL weight must be finite and non-negative.");
        Value = value;
        ScalesWithUserItems = perItem;
    }

    /// <summary>γ when <see cref="ScalesWithUserItems"/>, else β.</summary>
    public double Value { get; }

    /// <summary>True: weight = γ·|x| per user (RecVAE). False: weight = β for every user (Mult-VAE).</summary>
    public bool ScalesWithUserItems { get; }

    /// <summary>RecVAE's rescaling: each user's KL is multiplied by γ times that user's item count.</summary>
    public static KlWeighting Gamma(double gamma) => new(gamma, perItem: true);

    /// <summary>A fixed weight β for every user (Mult-VAE, or RecVAE run without rescaling).</summary>
    public static KlWeighting Beta(double beta) => new(beta, perItem: false);

    public override string ToString() => ScalesWithUserItems ? $"gamma={Value}·|x|" : $"beta={Value}";
}
