using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// Everything one forward pass of a VAE recommender produces. Returned as one owner of the tensors so the
/// trainer disposes a step's tensors in one call (or lets its dispose scope do it).
/// </summary>
public sealed class VaeOutput : IDisposable
{
    public VaeOutput(Tensor mu, Tensor logvar, Tensor z, Tensor logits, VaeLoss? loss)
    {
        Mu = mu;
        Logvar = logvar;
        Z = z;
        Logits = logits;
        Loss = loss;
    }

    /// <summary>Posterior mean (batch × latent); this is the user embedding at evaluation.</summary>
    public Tensor Mu { get; }

    /// <summary>Posterior log-variance (batch × latent).</summary>
    public Tensor Logvar { get; }

    /// <summary>Latent code fed to the decoder: a reparameterised sample in training mode, <see cref="Mu"/> in eval mode.</summary>
    public Tensor Z { get; }

    /// <summary>Decoder output before the softmax (batch × items).</summary>
    public Tensor Logits { get; }

    /// <summary>Loss terms, or null when the forward pass was asked not to compute them.</summary>
    public VaeLoss? Loss { get; }

    public void Dispose()
    {
        Mu.Dispose();
        Logvar.Dispose();
        Z.Dispose();
        Logits.Dispose();
        Loss?.Dispose();
    }
}
