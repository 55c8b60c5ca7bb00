using TorchSharp;
using SimCache.Training.Data;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// The small pieces of arithmetic that RecVAE and Mult-VAE share (input normalisation, reparameterisation,
/// multinomial likelihood, KL weighting), kept in one place so both models compute them identically.
/// </summary>
internal static class VaeMath
{
    /// <summary>Added to the row norm so an empty user vector normalises to zeros instead of NaN (as the official code).</summary>
    public const double NormEpsilon = 1e-10;

    /// <summary>
    /// Rows scaled to unit L2 norm, then dropout with rate <paramref name="dropoutRate"/> when
    /// <paramref name="training"/> (inverted dropout: kept entries are scaled by 1/(1−p), as torch's F.dropout).
    /// </summary>
    public static Tensor NormaliseAndDropout(Tensor x, double dropoutRate, bool training)
    {
        if (dropoutRate < 0 || dropoutRate >= 1)
            throw new ArgumentOutOfRangeException(nameof(dropoutRate), dropoutRate, "Dropout rate must be in [0, 1).");
        var norm = ScalarOps.Add(x.mul(x).sum(-1, keepdim: true).sqrt(), NormEpsilon); // x·x, not square(): that is pow(2) with an implicit Scalar
        var normalised = x.div(norm);
        return training && dropoutRate > 0
            ? nn.functional.dropout(normalised, dropoutRate, training: true)
            : normalised;
    }

    /// <summary>z = mu + exp(logvar/2)·ε with ε ~ N(0, I) from torch's default generator in training; z = mu otherwise.</summary>
    public static Tensor Reparameterise(Tensor mu, Tensor logvar, bool training)
    {
        if (!training) return mu.alias();
        var std = ScalarOps.Mul(logvar, 0.5).exp();
        var eps = randn_like(std);
        return ScalarOps.Add(eps.mul(std), mu);
    }

    /// <summary>Per user: −Σ_i x_i log softmax(logits)_i.</summary>
    public static Tensor MultinomialNll(Tensor logits, Tensor x) =>
        nn.functional.log_softmax(logits, -1).mul(x).sum(-1).neg();

    /// <summary>Per user KL weight: γ·|x| (|x| = row sum of the binary input) or β broadcast to the batch.</summary>
    public static Tensor KlWeights(Tensor x, KlWeighting weighting) =>
        weighting.ScalesWithUserItems
            ? ScalarOps.Mul(x.sum(-1), weighting.Value)
            : ScalarOps.Full(x.shape[0], weighting.Value, x.dtype, x.device);

    /// <summary>Builds the loss record: total = mean(NLL + weight·KL).</summary>
    public static VaeLoss Loss(Tensor logits, Tensor x, Tensor klPerUser, KlWeighting weighting)
    {
        var nll = MultinomialNll(logits, x);
        var weight = KlWeights(x, weighting);
        var total = ScalarOps.Add(nll, weight.mul(klPerUser)).mean();
        return new VaeLoss(total, nll, klPerUser, weight);
    }

    /// <summary>
    /// <see cref="Loss(Tensor, Tensor, Tensor, KlWeighting)"/> for a sparse batch: the likelihood picks each user's
    /// items out of the log-softmax instead of multiplying it by a dense 0/1 matrix, and |x| is the row's count.
    /// </summary>
    public static VaeLoss Loss(Tensor logits, SparseBatch batch, Tensor klPerUser, KlWeighting weighting)
    {
        if (batch.DensePath) return Loss(logits, batch.ToDenseBinary(), klPerUser, weighting);
        var logSoftmax = nn.functional.log_softmax(logits, -1);
        var picked = logSoftmax.view(-1).index_select(0, batch.FlatIndex);
        var nll = ScalarOps.IndexAdd(zeros(batch.Rows, dtype: logits.dtype), 0, batch.RowOf, picked).neg();
        var weight = weighting.ScalesWithUserItems
            ? ScalarOps.Mul(batch.Counts, weighting.Value)
            : ScalarOps.Full(batch.Rows, weighting.Value, logits.dtype, logits.device);
        var total = ScalarOps.Add(nll, weight.mul(klPerUser)).mean();
        return new VaeLoss(total, nll, klPerUser, weight);
    }

    /// <summary>Checks that a sparse batch covers the model's item set.</summary>
    public static void CheckInput(SparseBatch batch, long itemCount)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Columns != itemCount)
            throw new ArgumentException($"Expected a batch over {itemCount} items, got {batch.Columns}.", nameof(batch));
    }

    /// <summary>Checks that the batch is a 2-D float tensor over the model's item set.</summary>
    public static void CheckInput(Tensor x, long itemCount)
    {
        if (x.dim() != 2 || x.shape[1] != itemCount)
            throw new ArgumentException($"Expected a batch × {itemCount} tensor, got [{string.Join(", ", x.shape)}].", nameof(x));
        if (!x.is_floating_point())
            throw new ArgumentException("The input must be a floating-point tensor.", nameof(x));
    }
}
