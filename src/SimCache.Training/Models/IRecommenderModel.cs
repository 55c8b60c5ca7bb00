using TorchSharp.Modules;
using SimCache.Training.Data;
using SimCache.Training.Training;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// What the trainer, the evaluator and the embedding exporter need from a VAE recommender, so each is written once
/// for RecVAE and Mult-VAE. Encoder and decoder parameters are exposed separately because RecVAE alternates two
/// Adam optimisers (encoder phases, then a decoder phase), while Mult-VAE trains both with one.
/// </summary>
public interface IRecommenderModel : IDisposable
{
    /// <summary>Number of items (input and output width).</summary>
    long ItemCount { get; }

    /// <summary>Latent size; the width of the exported user embeddings.</summary>
    long LatentDim { get; }

    /// <summary>True for RecVAE: train encoder and decoder in alternating phases with separate optimisers and call
    /// <see cref="UpdatePrior"/> after each encoder phase. False for Mult-VAE: one optimiser over all parameters.</summary>
    bool AlternatesEncoderAndDecoder { get; }

    /// <summary>True while in training mode (dropout active, z sampled); false in eval mode (z = mu).</summary>
    bool IsTraining { get; }

    /// <summary>Switches training / eval mode for the whole model.</summary>
    void SetTraining(bool training);

    /// <summary>Trainable parameters of the inference network q(z|x).</summary>
    IReadOnlyList<Parameter> EncoderParameters();

    /// <summary>Trainable parameters of the generative network p(x|z).</summary>
    IReadOnlyList<Parameter> DecoderParameters();

    /// <summary>
    /// One forward pass on a batch of binary user vectors (batch × items, float). Dropout with
    /// <paramref name="dropoutRate"/> on the normalised input and sampling of z happen only in training mode.
    /// With <paramref name="computeLoss"/> the result carries the negative ELBO: mean over users of
    /// NLL + weight·KL, the weight given by <paramref name="klWeighting"/>.
    /// </summary>
    VaeOutput Forward(Tensor x, double dropoutRate, KlWeighting klWeighting, bool computeLoss = true);

    /// <summary>
    /// <see cref="Forward(Tensor, double, KlWeighting, bool)"/> on a sparse batch: the same function (up to float
    /// rounding), computed from the non-zeros only where the input is sparse. Dropout is drawn per non-zero (a zero of
    /// the input stays zero under dropout either way). <paramref name="profile"/>, when given, is told where the time goes.
    /// </summary>
    VaeOutput Forward(SparseBatch batch, double dropoutRate, KlWeighting klWeighting, bool computeLoss = true, TrainingProfile? profile = null);

    /// <summary><see cref="Encode(Tensor)"/> on a sparse batch.</summary>
    Tensor Encode(SparseBatch batch);

    /// <summary><see cref="Scores(Tensor)"/> on a sparse batch.</summary>
    Tensor Scores(SparseBatch batch);

    /// <summary>Called at the end of each encoder phase (RecVAE: snapshot the encoder into the composite prior;
    /// Mult-VAE: nothing, its prior is fixed).</summary>
    void UpdatePrior();

    /// <summary>User embeddings: the posterior mean mu (batch × latent), no dropout, no sampling, no autograd.
    /// Independent of the training flag, hence deterministic.</summary>
    Tensor Encode(Tensor x);

    /// <summary>The encoder's first layer as the reference lays it out (weight hidden × items, a view of the live parameter, and
    /// bias): do not dispose or write through them. Its input is
    /// the L2-normalised binary row, so a row with n items meets only n of its columns: its output is the bias plus
    /// the sum of those columns divided by √n, which a caller holding sparse rows computes without the dense row.</summary>
    (Tensor Weight, Tensor Bias) EncoderInputLayer { get; }

    /// <summary>The posterior mean mu (batch × latent) from the first layer's output (batch × hidden, before its
    /// activation), no autograd: <see cref="Encode(Tensor)"/> after its first layer.</summary>
    Tensor EncodeFromInputLayer(Tensor firstLayer);

    /// <summary>Decoder logits (batch × items) for latent points <paramref name="z"/> (batch × latent), no autograd:
    /// the answer any point of the embedding space gets, whether or not a user stands there.</summary>
    Tensor Decode(Tensor z);

    /// <summary>Decoder logits at z = mu (batch × items), no dropout, no autograd: the ranking scores.</summary>
    Tensor Scores(Tensor x);

    /// <summary>The output layer (weight items × <see cref="OutputLayerInput"/>, bias per item), the live parameters: do
    /// not dispose. Every score is one row's inner product with the layer's input plus the bias, so the layer alone ranks items.</summary>
    (Tensor Weight, Tensor Bias) OutputLayer { get; }

    /// <summary>Width of the output layer's input: the latent size when <see cref="DecoderIsLinear"/>, else the last hidden layer's.</summary>
    long OutputLayerInput { get; }

    /// <summary>True when the output layer reads the latent point itself (RecVAE), so the scores are linear in the embedding.</summary>
    bool DecoderIsLinear { get; }

    /// <summary>
    /// The decoder's layer from the latent point to the output layer's input (weight <see cref="OutputLayerInput"/> ×
    /// latent, bias, and the activation applied after it, by its decoder-file name such as "tanh"), the live
    /// parameters: do not dispose. Null when <see cref="DecoderIsLinear"/>. With it and <see cref="OutputLayer"/> a
    /// decoder file scores any latent point as the model does.
    /// </summary>
    (Tensor Weight, Tensor Bias, string Activation)? InputLayer { get; }
}
