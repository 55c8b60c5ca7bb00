using TorchSharp;
using TorchSharp.Modules;
using SimCache.Training.Data;
using SimCache.Training.Training;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// RecVAE (Shenbin et al., WSDM 2020): the recommender whose posterior means are the user embeddings that the
/// similarity caches serve. Densely connected encoder, linear decoder (so an item's score is z·w_i + b_i, which
/// the k-NN answering cache needs as exported decoder rows), multinomial likelihood, composite prior with the
/// old posterior, and KL rescaled per user by γ·|x|. Mirrors <c>VAE</c> of the official model.py:
/// <list type="bullet">
/// <item>z is a reparameterised sample in training mode (also in decoder phases, where dropout is 0) and mu in eval mode;</item>
/// <item>KL = Σ_dims (log N(z; mu, exp logvar) − log p(z)) with one Monte-Carlo sample z;</item>
/// <item>negative ELBO = mean_batch NLL + mean_batch(weight·KL), weight = γ·|x| (or β), which equals
/// mean over users of (NLL + weight·KL).</item>
/// </list>
/// Submodule names (encoder, prior.encoder_old, decoder) follow the official state_dict keys.
/// </summary>
public sealed class RecVae : nn.Module, IRecommenderModel
{
    private readonly RecVaeEncoder _encoder;
    private readonly CompositePrior _prior;
    private readonly Linear _decoder;
    private readonly OfficialLayout _layout = new();

    public RecVae(long itemCount, long hiddenDim = 600, long latentDim = 200) : base(nameof(RecVae))
    {
        _encoder = new RecVaeEncoder(itemCount, hiddenDim, latentDim);
        _prior = new CompositePrior(itemCount, hiddenDim, latentDim);
        _decoder = nn.Linear(latentDim, itemCount);
        register_module("encoder", _encoder);
        register_module("prior", _prior);
        register_module("decoder", _decoder);
        ItemCount = itemCount;
        HiddenDim = hiddenDim;
        LatentDim = latentDim;
    }

    public long ItemCount { get; }
    public long HiddenDim { get; }
    public long LatentDim { get; }
    public bool AlternatesEncoderAndDecoder => true;
    public bool IsTraining => training;

    /// <summary>The trained encoder q(z|x).</summary>
    public RecVaeEncoder Encoder => _encoder;

    /// <summary>The composite prior (holds the frozen old encoder).</summary>
    public CompositePrior Prior => _prior;

    /// <summary>Decoder weight, items × latent (row i is item i's vector w_i). The live parameter: do not dispose.</summary>
    public Tensor DecoderWeight => _decoder.weight!;

    /// <summary>Decoder bias, one per item. The live parameter: do not dispose.</summary>
    public Tensor DecoderBias => _decoder.bias!;

    public void SetTraining(bool training) => train(training);

    /// <summary>
    /// The state dictionary in the official layout: keys and shapes of the reference's state_dict, the encoders' fc1.weight
    /// hidden × items (a copy of the item-major parameter, valid until the next save or load of this model).
    /// TorchSharp's <c>save</c> writes it, so a checkpoint is the official format.
    /// </summary>
    public override Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null) =>
        _layout.Export(this, base.state_dict(destination, prefix), prefix);

    /// <summary>Loads a checkpoint in the official layout into the item-major weights (see <see cref="state_dict"/>), and
    /// drops what the prior derived from its old ones (<see cref="CompositePrior.ForgetCopies"/>).</summary>
    public override nn.Module load(BinaryReader reader, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
    {
        _prior.ForgetCopies();
        return _layout.Import(() => base.load(reader, strict, skip, loadedParameters));
    }

    /// <inheritdoc cref="load(BinaryReader, bool, IList{string}?, Dictionary{string, bool}?)"/>
    public override nn.Module load(string location, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
    {
        _prior.ForgetCopies();
        return base.load(location, strict, skip, loadedParameters); // reads through load(BinaryReader …) above
    }

    /// <inheritdoc cref="load(BinaryReader, bool, IList{string}?, Dictionary{string, bool}?)"/>
    public override (IList<string> missing_keys, IList<string> unexpected_keyes) load_state_dict(Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null)
    {
        _prior.ForgetCopies();
        return _layout.Import(() => base.load_state_dict(source, strict, skip));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _layout.Dispose();
        base.Dispose(disposing);
    }

    public (Tensor Weight, Tensor Bias) OutputLayer => (DecoderWeight, DecoderBias);

    public long OutputLayerInput => LatentDim;

    public bool DecoderIsLinear => true;

    /// <summary>None: the output layer reads the latent point itself.</summary>
    public (Tensor Weight, Tensor Bias, string Activation)? InputLayer => null;

    public IReadOnlyList<Parameter> EncoderParameters() => _encoder.parameters().ToList();

    public IReadOnlyList<Parameter> DecoderParameters() => _decoder.parameters().ToList();

    /// <summary>Copies the current encoder into the prior's old posterior (official update_prior).</summary>
    public void UpdatePrior() => _prior.UpdateFrom(_encoder);

    public VaeOutput Forward(Tensor x, double dropoutRate, KlWeighting klWeighting, bool computeLoss = true)
    {
        VaeMath.CheckInput(x, ItemCount);
        using var scope = NewDisposeScope();
        var (mu, logvar) = _encoder.forward(x, dropoutRate);
        var z = VaeMath.Reparameterise(mu, logvar, training);
        var logits = _decoder.forward(z);

        VaeLoss? loss = null;
        if (computeLoss)
        {
            var logQ = CompositePrior.LogNormalDensity(z, mu, logvar);
            var logP = _prior.forward(x, z);
            var kl = ScalarOps.Sub(logQ, logP).sum(-1);
            loss = VaeMath.Loss(logits, x, kl, klWeighting);
            MoveOut(loss);
        }
        return new VaeOutput(mu.MoveToOuterDisposeScope(), logvar.MoveToOuterDisposeScope(),
            z.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope(), loss);
    }

    public VaeOutput Forward(SparseBatch batch, double dropoutRate, KlWeighting klWeighting, bool computeLoss = true, TrainingProfile? profile = null)
    {
        VaeMath.CheckInput(batch, ItemCount);
        using var scope = NewDisposeScope();
        var values = batch.InputValues(dropoutRate, training);
        var (mu, logvar) = _encoder.Forward(batch, values, profile);
        var z = VaeMath.Reparameterise(mu, logvar, training);
        if (profile is not null) z = profile.Mark(z, TrainingPart.Decoder);
        var logits = _decoder.forward(z);
        if (profile is not null) logits = profile.Lap(TrainingPart.Decoder, logits, TrainingPart.Loss);

        VaeLoss? loss = null;
        if (computeLoss)
        {
            var logP = _prior.Forward(batch, z);
            profile?.Lap(TrainingPart.Prior);
            var logQ = CompositePrior.LogNormalDensity(z, mu, logvar);
            var kl = ScalarOps.Sub(logQ, logP).sum(-1);
            loss = VaeMath.Loss(logits, batch, kl, klWeighting);
            MoveOut(loss);
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
        var values = batch.InputValues(0.0, training: false);
        var (mu, _) = _encoder.Forward(batch, values);
        return mu.MoveToOuterDisposeScope();
    }

    public Tensor Scores(SparseBatch batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var mu = Encode(batch);
        return _decoder.forward(mu).MoveToOuterDisposeScope();
    }

    public Tensor Encode(Tensor x)
    {
        VaeMath.CheckInput(x, ItemCount);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mu, _) = _encoder.forward(x, 0.0);
        return mu.MoveToOuterDisposeScope();
    }

    public (Tensor Weight, Tensor Bias) EncoderInputLayer => _encoder.InputLayer;

    public Tensor EncodeFromInputLayer(Tensor firstLayer)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (mu, _) = _encoder.FromInputLayer(firstLayer);
        return mu.MoveToOuterDisposeScope();
    }

    public Tensor Decode(Tensor z)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return _decoder.forward(z).MoveToOuterDisposeScope();
    }

    public Tensor Scores(Tensor x)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var mu = Encode(x);
        return _decoder.forward(mu).MoveToOuterDisposeScope();
    }

    internal static void MoveOut(VaeLoss loss)
    {
        loss.Total.MoveToOuterDisposeScope();
        loss.Nll.MoveToOuterDisposeScope();
        loss.Kl.MoveToOuterDisposeScope();
        loss.KlWeight.MoveToOuterDisposeScope();
    }
}
