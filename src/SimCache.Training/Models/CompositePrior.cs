using TorchSharp;
using SimCache.Training.Data;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// RecVAE's composite prior p(z|φ_old, x) = 3/20·N(0, I) + 3/4·q_old(z|x) + 1/10·N(0, e^10 I). Pulling the posterior
/// towards its own previous value (q_old, a frozen snapshot of the encoder from the end of the previous encoder
/// phase) stabilises the alternating training like a trust region, while the standard and the wide Gaussian keep
/// it regular and let it move. As in the official model.py, the mixture is taken per latent dimension
/// (logsumexp over the three components of each coordinate's density) and the result stays per dimension;
/// the caller sums over dimensions. That is a product of per-dimension mixtures, not a mixture of the three
/// 200-dimensional Gaussians; we follow the official code, not the paper's notation.
/// </summary>
public sealed class CompositePrior : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Weights of [N(0, I), q_old(z|x), N(0, e^10 I)].</summary>
    public static readonly IReadOnlyList<double> MixtureWeights = [3.0 / 20.0, 3.0 / 4.0, 1.0 / 10.0];

    /// <summary>Log-variance of the wide ("uniform") component.</summary>
    public const double WideLogvar = 10.0;

    private static readonly double Log2Pi = Math.Log(2 * Math.PI);

    private readonly RecVaeEncoder _encoderOld;

    public CompositePrior(long itemCount, long hiddenDim = 600, long latentDim = 200) : base(nameof(CompositePrior))
    {
        _encoderOld = new RecVaeEncoder(itemCount, hiddenDim, latentDim);
        _encoderOld.Freeze();
        register_module("encoder_old", _encoderOld);
    }

    /// <summary>The frozen old posterior's encoder (read-only use; updated by <see cref="UpdateFrom"/>).</summary>
    public RecVaeEncoder OldEncoder => _encoderOld;

    /// <summary>
    /// The old posterior's (mu, logvar) of every row of <see cref="_cachedSource"/>, computed in one canonical order
    /// (rows ascending, batches of <see cref="CacheBatch"/>) on first use after each update. The old encoder is frozen
    /// and reads the rows without dropout, so its output for a user is the same in all four passes that use one
    /// snapshot (the decoder pass after the update and the next epoch's three encoder passes): computed once, it is
    /// gathered by user afterwards. The canonical order makes the values independent of the passes' shuffles, so a
    /// resumed run gathers exactly what an uninterrupted one does.
    /// </summary>
    private Tensor? _muCache, _logvarCache;
    private SparseRows? _cachedSource;

    /// <summary>Rows per batch when filling the cache.</summary>
    public const int CacheBatch = 500;

    /// <summary>Copies <paramref name="encoder"/> into the old posterior (RecVAE's update_prior).</summary>
    public void UpdateFrom(RecVaeEncoder encoder)
    {
        _encoderOld.CopyParametersFrom(encoder);
        ForgetCopies();
    }

    /// <summary>
    /// Drops the cached old posterior, so the next batch computes it afresh. Needed whenever
    /// the old encoder's weights change other than through <see cref="UpdateFrom"/> (a checkpoint or resume state
    /// loaded into the model): <see cref="RecVae"/>'s load overrides call it.
    /// </summary>
    public void ForgetCopies()
    {
        _muCache?.Dispose();
        _logvarCache?.Dispose();
        _muCache = _logvarCache = null;
        _cachedSource = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) ForgetCopies();
        base.Dispose(disposing);
    }

    /// <summary>
    /// log p(z) per latent dimension (batch × latent) for users <paramref name="x"/>: the old encoder runs on the
    /// same x with dropout 0. Its outputs are constants with respect to every trainable parameter, so they are
    /// computed without autograd; gradients still flow to <paramref name="z"/>.
    /// </summary>
    public override Tensor forward(Tensor x, Tensor z)
    {
        using var scope = NewDisposeScope();
        Tensor muOld, logvarOld;
        using (no_grad())
        {
            (muOld, logvarOld) = _encoderOld.forward(x, 0.0);
        }
        return LogDensity(z, muOld, logvarOld).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <see cref="forward"/> for a sparse batch: the old encoder reads the batch's normalised rows (no dropout) through
    /// the sparse input layer.
    /// </summary>
    public Tensor Forward(SparseBatch batch, Tensor z)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        Tensor muOld, logvarOld;
        using (no_grad())
        {
            if (!batch.DensePath && batch.Source is { } source && batch.SourceRows is { } rows)
            {
                if (!ReferenceEquals(_cachedSource, source)) FillCache(source);
                using var index = torch.tensor(rows.Select(r => (long)r).ToArray());
                muOld = _muCache!.index_select(0, index);
                logvarOld = _logvarCache!.index_select(0, index);
            }
            else
            {
                (muOld, logvarOld) = OldPosterior(batch);
            }
        }
        return LogDensity(z, muOld, logvarOld).MoveToOuterDisposeScope();
    }

    /// <summary>The old encoder's (mu, logvar) for a batch, no dropout.</summary>
    private (Tensor Mu, Tensor Logvar) OldPosterior(SparseBatch batch)
    {
        using var values = batch.InputValues(0.0, training: false);
        return _encoderOld.Forward(batch, values);
    }

    private void FillRows(SparseRows source, ReadOnlySpan<int> rows)
    {
        using var batch = SparseBatch.From(source, rows);
        using var scope = NewDisposeScope();
        var (mu, logvar) = OldPosterior(batch);
        using var index = torch.tensor(rows.ToArray().Select(r => (long)r).ToArray());
        _muCache!.index_copy_(0, index, mu);
        _logvarCache!.index_copy_(0, index, logvar);
    }

    /// <summary>Computes the old posterior of every row of <paramref name="source"/> (see <see cref="_muCache"/>).</summary>
    private void FillCache(SparseRows source)
    {
        ForgetCopies();
        long latent = _encoderOld.LatentDim;
        _muCache = zeros(source.Rows, latent).DetachFromDisposeScope();
        _logvarCache = zeros(source.Rows, latent).DetachFromDisposeScope();
        // Rows with items in batches, rows ascending; every empty row has the same posterior, computed once.
        var filled = Enumerable.Range(0, source.Rows).Where(r => source.Count(r) > 0).ToArray();
        for (int start = 0; start < filled.Length; start += CacheBatch)
            FillRows(source, filled.AsSpan(start, Math.Min(CacheBatch, filled.Length - start)));
        var empty = Enumerable.Range(0, source.Rows).Where(r => source.Count(r) == 0).ToArray();
        if (empty.Length > 0)
        {
            FillRows(source, empty.AsSpan(0, 1));
            using var scope = NewDisposeScope();
            using var index = torch.tensor(empty.Select(r => (long)r).ToArray());
            var first = (long)empty[0];
            _muCache.index_copy_(0, index, _muCache[first].unsqueeze(0).expand(empty.Length, latent).contiguous());
            _logvarCache.index_copy_(0, index, _logvarCache[first].unsqueeze(0).expand(empty.Length, latent).contiguous());
        }
        _cachedSource = source;
    }

    /// <summary>
    /// The mixture's log-density per dimension given the old posterior's (mu, logvar):
    /// logsumexp_k [log w_k + log N_k(z_j)] for each coordinate j.
    /// </summary>
    public static Tensor LogDensity(Tensor z, Tensor muOld, Tensor logvarOld)
    {
        using var scope = NewDisposeScope();
        var standard = ScalarOps.Add(LogNormalDensity(z, 0.0, 0.0), Math.Log(MixtureWeights[0]));
        var posterior = ScalarOps.Add(LogNormalDensity(z, muOld, logvarOld), Math.Log(MixtureWeights[1]));
        var wide = ScalarOps.Add(LogNormalDensity(z, 0.0, WideLogvar), Math.Log(MixtureWeights[2]));
        return stack([standard, posterior, wide], -1).logsumexp(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Elementwise log N(z; mu, exp(logvar)) = −0.5·(logvar + log 2π + (z − mu)²/exp(logvar)).</summary>
    public static Tensor LogNormalDensity(Tensor z, Tensor mu, Tensor logvar)
    {
        using var scope = NewDisposeScope();
        var diff = ScalarOps.Sub(z, mu);
        var squared = diff.mul(diff).div(logvar.exp());
        return ScalarOps.Mul(ScalarOps.Add(ScalarOps.Add(logvar, Log2Pi), squared), -0.5).MoveToOuterDisposeScope();
    }

    /// <summary>The same density for a scalar mean and log-variance shared by every element.</summary>
    public static Tensor LogNormalDensity(Tensor z, double mu, double logvar)
    {
        using var scope = NewDisposeScope();
        var diff = ScalarOps.Sub(z, mu);
        var squared = ScalarOps.Div(diff.mul(diff), Math.Exp(logvar));
        return ScalarOps.Mul(ScalarOps.Add(squared, logvar + Log2Pi), -0.5).MoveToOuterDisposeScope();
    }
}
