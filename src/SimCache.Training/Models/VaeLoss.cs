using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// The negative ELBO of one batch together with its per-user parts. The trainer only needs <see cref="Total"/>
/// to back-propagate; the per-user parts are kept so logs and tests can check that
/// total = mean over users of (NLL + weight·KL) without re-deriving the model's internals.
/// </summary>
public sealed class VaeLoss : IDisposable
{
    public VaeLoss(Tensor total, Tensor nll, Tensor kl, Tensor klWeight)
    {
        Total = total;
        Nll = nll;
        Kl = kl;
        KlWeight = klWeight;
    }

    /// <summary>Scalar: mean over the batch of NLL + KlWeight·KL (attached to the autograd graph).</summary>
    public Tensor Total { get; }

    /// <summary>Per user (batch): multinomial negative log-likelihood −Σ_i x_i log softmax(logits)_i.</summary>
    public Tensor Nll { get; }

    /// <summary>Per user (batch): KL term summed over latent dimensions (one Monte-Carlo sample for RecVAE).</summary>
    public Tensor Kl { get; }

    /// <summary>Per user (batch): the weight applied to <see cref="Kl"/> (γ·|x| or β).</summary>
    public Tensor KlWeight { get; }

    public void Dispose()
    {
        Total.Dispose();
        Nll.Dispose();
        Kl.Dispose();
        KlWeight.Dispose();
    }
}
