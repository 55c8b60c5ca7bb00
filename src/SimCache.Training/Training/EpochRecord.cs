namespace SimCache.Training.Training;

/// <summary>One outer epoch as metrics.json records it: mean training loss, validation NDCG@100 and wall time.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationNdcg100, double Seconds);
