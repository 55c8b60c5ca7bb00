namespace SimCache.Training.Training;

/// <summary>The parts of a training step whose time <c>simcache bench train</c> reports separately.</summary>
public enum TrainingPart
{
    /// <summary>The first encoder layer (items → hidden): forward, and its weight gradient in the backward pass.</summary>
    InputLayer,

    /// <summary>The encoder's other layers, forward and backward.</summary>
    Encoder,

    /// <summary>RecVAE's composite prior (the frozen old encoder and the mixture density); nothing for Mult-VAE.</summary>
    Prior,

    /// <summary>The decoder (latent → item logits), forward and backward.</summary>
    Decoder,

    /// <summary>Softmax likelihood and KL terms, forward and backward.</summary>
    Loss,

    /// <summary>The Adam updates.</summary>
    Optimiser,

    /// <summary>Validation NDCG@100 after each outer epoch.</summary>
    Evaluation,

    /// <summary>Batch assembly and everything not attributed to a part above.</summary>
    Other,
}
