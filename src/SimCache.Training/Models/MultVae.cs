using TorchSharp;
using TorchSharp.Modules;
using SimCache.Training.Data;
using SimCache.Training.Training;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// Mult-VAE (Liang et al., WWW 2018), the baseline RecVAE is measured against: [I-600-200-600-I] with tanh hidden
/// layers, L2-normalised input with dropout, a standard normal prior with analytic KL
/// 0.5·Σ(−logvar + exp logvar + mu² − 1), and one KL weight β that the trainer anneals (to 0.2 over 200,000 updates).
/// It implements the same contract as <see cref="RecVae"/> so one trainer and one evaluator serve both.
/// The encoder's last layer outputs 2·latent values split into (mu, logvar), as in the reference implementation.
/// Differences from Liang et al.'s TensorFlow code: layers use torch's default initialisation (theirs: Xavier weights,
/// N(0, 0.001²) biases); no L2 weight penalty (their notebook runs with lam = 0 anyway); the row norm gets +1e-10
/// (theirs clamps the squared norm at 1e-12). None changes the model, only the starting point and empty rows.
/// </summary>
public sealed class MultVae : nn.Module, IRecommenderModel
{
    private readonly ItemMajorLinear _q1;
    private readonly Linear _q2;
    private readonly Linear _p1;
    private readonly Linear _p2;
    private readonly OfficialLayout _layout = new();

    public MultVae(long itemCount, long hiddenDim = 600, long latentDim = 200) : base(nameof(MultVae))
    {
        if (itemCount <= 0) throw new ArgumentOutOfRangeException(nameof(itemCount));
        if (hiddenDim <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenDim));
        if (latentDim <= 0) throw new ArgumentOutOfRangeException(nameof(latentDim));
        _q1 = new ItemMajorLinear(itemCount, hiddenDim); // initialised as nn.Linear(itemCount, hiddenDim)
        _q2 = nn.Linear(hiddenDim, 2 * latentDim);
        _p1 = nn.Linear(latentDim, hiddenDim);
        _p2 = nn.Linear(hiddenDim, itemCount);
        register_module("q1", _q1);
        register_module("q2", _q2);
        register_module("p1", _p1);
        register_module("p2", _p2);
        ItemCount = itemCount;
        HiddenDim = hiddenDim;
        LatentDim = latentDim;
    }

    public long ItemCount { get; }
    public long HiddenDim { get; }
    public long LatentDim { get; }
    public bool AlternatesEncoderAndDecoder => false;
    public bool IsTraining => training;

    public void SetTraining(bool training) => train(training);

    /// <summary>The last decoder layer p2 (items × hidden); it reads <see cref="DecoderHidden"/>, not the latent point.</summary>
    public (Tensor Weight, Tensor Bias) OutputLayer => (_p2.weight!, _p2.bias!);

    public long OutputLayerInput => HiddenDim;

    public bool DecoderIsLinear => false;

    /// <summary>The first decoder layer p1 (hidden × latent) and its tanh: what turns a latent point into <see cref="DecoderHidden"/>.</summary>
    public (Tensor Weight, Tensor Bias, string Activation)? InputLayer => (_p1.weight!, _p1.bias!, SimCache.Data.Arrow.DecoderInputLayer.Tanh);

    /// <summary>
    /// The state dictionary in the reference's layout: q1.weight hidden × items (a copy of the item-major parameter,
    /// valid until the next save or load of this model), so TorchSharp's <c>save</c> writes the official format.
    /// </summary>
    public override Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null) =>
        _layout.Export(this, base.state_dict(destination, prefix), prefix);

    /// <summary>Loads a checkpoint in the reference's layout into the item-major q1 weight (see <see cref="state_dict"/>).</summary>
    public override nn.Module load(BinaryReader reader, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null) =>
        _layout.Import(() => base.load(reader, strict, skip, loadedParameters));

    /// <inheritdoc cref="load(BinaryReader, bool, IList{string}?, Dictionary{string, bool}?)"/>
    public override (IList<string> missing_keys, IList<string> unexpected_keyes) load_state_dict(Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null) =>
        _layout.Import(() => base.load_state_dict(source, strict, skip));

    protected override void Dispose(bool disposing)
    {
        if (disposing) _layout.Dispose();
        base.Dispose(disposing);
    }

    public IReadOnlyList<Parameter> EncoderParameters() => [.. _q1.parameters(), .. _q2.parameters()];

    public IReadOnlyList<Parameter> DecoderParameters() => [.. _p1.parameters(), .. _p2.parameters()];

    /// <summary>No-op: Mult-VAE's prior is the fixed N(0, I).</summary>
    public void UpdatePrior()
    {
    }

    public VaeOutput Forward(Tensor x, double dropoutRate, KlWeighting klWeighting, bool computeLoss = true)
    {
        VaeMath.CheckInput(x, ItemCount);
        using var scope = NewDisposeScope();
        var (mu, logvar) = EncodeDistribution(x, dropoutRate);
        var z = VaeMath.Reparameterise(mu, logvar, training);
        var logits = DecodeWithGrad(z);

        VaeLoss? loss = null;
        if (computeLoss)
        {
            var kl = ScalarOps.Mul(ScalarOps.Sub(ScalarOps.Add(ScalarOps.Add(logvar.neg(), logvar.exp()), mu.mul(mu)), 1.0).sum(-1), 0.5);
            loss = VaeMath.Loss(logits, x, kl, klWeighting);
            RecVae.MoveOut(loss);
        }
        return new VaeOutput(mu.MoveToOuterDisposeScope(), logvar.MoveToOuterDisposeScope(),
            z.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope(), loss);
    }

    public VaeOutput Forward(SparseBatch batch, double dropoutRate, KlWeighting klWeighting, bool computeLoss = true, TrainingProfile? profile = null)
    {
        VaeMath.CheckInput(batch, ItemCount);
        using var scope = NewDisposeScope();
        var (mu, logvar) = EncodeDistribution(batch, batch.InputValues(dropoutRate, training), profile);
        var z = VaeMath.Reparameterise(mu, logvar, training);
        if (profile is not null) z = profile.Mark(z, TrainingPart.Decoder);
        var logits = DecodeWithGrad(z);
        if (profile is not null) logits = profile.Lap(TrainingPart.Decoder, logits, TrainingPart.Loss);

        VaeLoss? loss = null;
        if (computeLoss)
        {
            var kl = ScalarOps.Mul(ScalarOps.Sub(ScalarOps.Add(ScalarOps.Add(logvar.neg(), logvar.exp()), mu.mul(mu)), 1.0).sum(-1), 0.5);
            loss = VaeMath.Loss(logits, batch, kl, klWeighting);
            RecVae.MoveOut(loss);
            profile?.Lap(TrainingPart.Loss);
        }
        return new VaeOutput(mu.MoveToOuterDisposeScope(), logvar.MoveToOuterDisposeScope(),
            z.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope(), loss);
    }

    public Tensor Encode(SparseBatch batch)
    {
        VaeMath.CheckInput(batch, ItemCount);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mu, _) = EncodeDistribution(batch, batch.InputValues(0.0, training: false), null);
        return mu.MoveToOuterDisposeScope();
    }

    public Tensor Scores(SparseBatch batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return Decode(Encode(batch)).MoveToOuterDisposeScope();
    }

    private (Tensor Mu, Tensor Logvar) EncodeDistribution(SparseBatch batch, Tensor inputValues, TrainingProfile? profile)
    {
        var first = SparseInputLayer.Forward(_q1, batch, inputValues);
        if (profile is not null) first = profile.Lap(TrainingPart.InputLayer, first, TrainingPart.Encoder);
        var stats = _q2.forward(first.tanh());
        profile?.Lap(TrainingPart.Encoder);
        return (stats.narrow(-1, 0, LatentDim), stats.narrow(-1, LatentDim, LatentDim));
    }

    public Tensor Encode(Tensor x)
    {
        VaeMath.CheckInput(x, ItemCount);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mu, _) = EncodeDistribution(x, 0.0);
        return mu.MoveToOuterDisposeScope();
    }

    public Tensor Scores(Tensor x)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return Decode(Encode(x)).MoveToOuterDisposeScope();
    }

    /// <summary>The first encoder layer q1 as the reference lays it out: weight hidden × items (a transposed view of the
    /// live item-major parameter, no copy), bias. Do not write through them.</summary>
    public (Tensor Weight, Tensor Bias) EncoderInputLayer => (_q1.Weight.t(), _q1.Bias);

    public Tensor EncodeFromInputLayer(Tensor firstLayer)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mu, _) = FromInputLayer(firstLayer);
        return mu.MoveToOuterDisposeScope();
    }

    private (Tensor Mu, Tensor Logvar) EncodeDistribution(Tensor x, double dropoutRate)
    {
        var input = VaeMath.NormaliseAndDropout(x, dropoutRate, training);
        return FromInputLayer(_q1.forward(input));
    }

    /// <summary>(mu, logvar) from q1's output (before tanh).</summary>
    private (Tensor Mu, Tensor Logvar) FromInputLayer(Tensor firstLayer)
    {
        var h = firstLayer.tanh();
        var stats = _q2.forward(h);
        var mu = stats.narrow(-1, 0, LatentDim);
        var logvar = stats.narrow(-1, LatentDim, LatentDim);
        return (mu, logvar);
    }

    public Tensor Decode(Tensor z)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return DecodeWithGrad(z).MoveToOuterDisposeScope();
    }

    /// <summary>The input of the output layer for latent points <paramref name="z"/>: tanh(W₁ z + b₁), no autograd.</summary>
    public Tensor DecoderHidden(Tensor z)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return _p1.forward(z).tanh().MoveToOuterDisposeScope();
    }

    private Tensor DecodeWithGrad(Tensor z) => _p2.forward(_p1.forward(z).tanh());
}
