using TorchSharp;
using TorchSharp.Modules;
using SimCache.Training.Data;
using SimCache.Training.Training;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// RecVAE's inference network q(z|x). Five densely connected layers (each pre-activation adds every earlier
/// hidden state) with swish and LayerNorm(eps 0.1) make a deeper encoder trainable on sparse binary input; it is
/// the part of RecVAE that improves on Mult-VAE's single tanh layer. Matches <c>Encoder</c> of the official
/// model.py (ilya-shenbin/RecVAE):
/// h1 = LN(swish(fc1 x)); h_k = LN(swish(fc_k h_{k−1} + h1 + … + h_{k−1})) for k = 2..5, where the earlier
/// states are added to the linear output (bias included) before swish; mu = fc_mu h5, logvar = fc_logvar h5.
/// Submodule names (fc1..fc5, ln1..ln5, fc_mu, fc_logvar) equal the official state_dict keys.
/// </summary>
public sealed class RecVaeEncoder : nn.Module<Tensor, double, (Tensor Mu, Tensor Logvar)>
{
    /// <summary>LayerNorm epsilon of the official encoder (much larger than torch's 1e-5 default).</summary>
    public const double LayerNormEpsilon = 0.1;

    /// <summary>Number of densely connected hidden layers.</summary>
    public const int DepthCount = 5;

    // fc1 (item-major) and fc2..fc5. An array, not fields: TorchSharp registers a module-typed field once more under
    // its field name, which would add keys to the checkpoint.
    private readonly nn.Module<Tensor, Tensor>[] _fc;
    private readonly LayerNorm[] _ln;
    private readonly Linear _fcMu;
    private readonly Linear _fcLogvar;

    public RecVaeEncoder(long itemCount, long hiddenDim = 600, long latentDim = 200) : base(nameof(RecVaeEncoder))
    {
        if (itemCount <= 0) throw new ArgumentOutOfRangeException(nameof(itemCount));
        if (hiddenDim <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenDim));
        if (latentDim <= 0) throw new ArgumentOutOfRangeException(nameof(latentDim));
        ItemCount = itemCount;
        HiddenDim = hiddenDim;
        LatentDim = latentDim;

        _fc = new nn.Module<Tensor, Tensor>[DepthCount];
        _ln = new LayerNorm[DepthCount];
        for (int k = 0; k < DepthCount; k++)
        {
            // fc1 is initialised as nn.Linear(itemCount, hiddenDim): the same draws in the same order as before.
            _fc[k] = k == 0 ? new ItemMajorLinear(itemCount, hiddenDim) : nn.Linear(hiddenDim, hiddenDim);
            _ln[k] = nn.LayerNorm(hiddenDim, eps: LayerNormEpsilon);
        }
        _fcMu = nn.Linear(hiddenDim, latentDim);
        _fcLogvar = nn.Linear(hiddenDim, latentDim);

        for (int k = 0; k < DepthCount; k++)
        {
            register_module($"fc{k + 1}", _fc[k]);
            register_module($"ln{k + 1}", _ln[k]);
        }
        register_module("fc_mu", _fcMu);
        register_module("fc_logvar", _fcLogvar);
    }

    public long ItemCount { get; }
    public long HiddenDim { get; }
    public long LatentDim { get; }

    /// <summary>
    /// (mu, logvar) for a batch of binary user vectors. The input is L2-normalised per row, then dropped out with
    /// <paramref name="dropoutRate"/> only while the module is in training mode (as F.dropout(training=self.training)).
    /// </summary>
    public override (Tensor Mu, Tensor Logvar) forward(Tensor x, double dropoutRate)
    {
        VaeMath.CheckInput(x, ItemCount);
        using var scope = NewDisposeScope();
        var input = VaeMath.NormaliseAndDropout(x, dropoutRate, training);
        var (mu, logvar) = FromFirstLayer(FirstLayer.forward(input));
        return (mu.MoveToOuterDisposeScope(), logvar.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// (mu, logvar) for a sparse batch whose input values (normalised, dropped out) are <paramref name="inputValues"/>,
    /// one per non-zero (<see cref="SparseBatch.InputValues"/>). The first layer reads only the weight columns of the
    /// batch's items; the result equals <see cref="forward"/> on the dense rows up to float rounding.
    /// </summary>
    public (Tensor Mu, Tensor Logvar) Forward(SparseBatch batch, Tensor inputValues, TrainingProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Columns != ItemCount) throw new ArgumentException($"Expected a batch over {ItemCount} items, got {batch.Columns}.", nameof(batch));
        using var scope = NewDisposeScope();
        var first = SparseInputLayer.Forward(FirstLayer, batch, inputValues);
        if (profile is not null) first = profile.Lap(TrainingPart.InputLayer, first, TrainingPart.Encoder);
        var (mu, logvar) = FromFirstLayer(first);
        profile?.Lap(TrainingPart.Encoder);
        return (mu.MoveToOuterDisposeScope(), logvar.MoveToOuterDisposeScope());
    }

    /// <summary>The layers after the first: <paramref name="first"/> is fc1's output (pre-activation).</summary>
    private (Tensor Mu, Tensor Logvar) FromFirstLayer(Tensor first)
    {
        Tensor? sumOfPrevious = null; // h1 + … + h_{k−1}
        Tensor h = first;
        for (int k = 0; k < DepthCount; k++)
        {
            var pre = k == 0 ? first : _fc[k].forward(h);
            if (sumOfPrevious is not null) pre = ScalarOps.Add(pre, sumOfPrevious);
            h = _ln[k].forward(Swish(pre));
            sumOfPrevious = sumOfPrevious is null ? h : ScalarOps.Add(sumOfPrevious, h);
        }
        return (_fcMu.forward(h), _fcLogvar.forward(h));
    }

    /// <summary>The first layer (items → hidden), whose item-major weight the sparse input path reads row by row.</summary>
    internal ItemMajorLinear FirstLayer => (ItemMajorLinear)_fc[0];

    /// <summary>fc1 as the reference lays it out: weight hidden × items (a transposed view of the live item-major
    /// parameter, no copy), bias. Do not write through them.</summary>
    public (Tensor Weight, Tensor Bias) InputLayer => (FirstLayer.Weight.t(), FirstLayer.Bias);

    /// <summary>
    /// (mu, logvar) from fc1's output (batch × hidden, before swish): the rest of <see cref="forward"/>, for a caller
    /// that computes fc1 itself from the few weight columns a sparse row touches.
    /// </summary>
    public (Tensor Mu, Tensor Logvar) FromInputLayer(Tensor firstLayer)
    {
        using var scope = NewDisposeScope();
        var (mu, logvar) = FromFirstLayer(firstLayer);
        return (mu.MoveToOuterDisposeScope(), logvar.MoveToOuterDisposeScope());
    }

    /// <summary>swish(u) = u·sigmoid(u).</summary>
    public static Tensor Swish(Tensor u) => u.mul(u.sigmoid());

    /// <summary>
    /// Overwrites this encoder's parameters with <paramref name="source"/>'s (same shapes required). Used to
    /// snapshot the encoder into the composite prior's old posterior; no autograd history is recorded.
    /// </summary>
    public void CopyParametersFrom(RecVaeEncoder source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sourceParameters = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        foreach (var (name, target) in named_parameters())
        {
            if (!sourceParameters.TryGetValue(name, out var value) || !value.shape.SequenceEqual(target.shape))
                throw new ArgumentException($"Parameter '{name}' is missing or has a different shape in the source encoder.", nameof(source));
            target.copy_(value);
        }
    }

    /// <summary>Stops gradients to every parameter (the old-posterior copy is never trained).</summary>
    public void Freeze()
    {
        foreach (var p in parameters()) p.requires_grad = false;
    }
}
