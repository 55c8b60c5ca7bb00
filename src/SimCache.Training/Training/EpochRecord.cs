namespace SimCache.Training.Training;

/// <summary>
/// One outer epoch as metrics.json records it: mean training loss, validation NDCG@100, wall time, and the
/// training speed of the encoder phase (users per second over RecVAE's encoder epochs, or Mult-VAE's joint epoch),
/// the figure to compare with other implementations on the same machine.
/// </summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationNdcg100, double Seconds, double EncoderUsersPerSecond);
