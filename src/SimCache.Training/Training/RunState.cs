namespace SimCache.Training.Training;

/// <summary>What a run folder holds (<see cref="RecommenderTrainer.Inspect"/>).</summary>
public enum RunState
{
    /// <summary>No completed epoch to continue from.</summary>
    Nothing,

    /// <summary>An interrupted run: <c>resume.bin</c> holds its last completed epoch.</summary>
    Interrupted,

    /// <summary>A finished run: metrics.json, the checkpoint, the embeddings and the decoder.</summary>
    Complete,
}
