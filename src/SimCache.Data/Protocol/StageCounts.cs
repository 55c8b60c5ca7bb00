namespace SimCache.Data.Protocol;

/// <summary>Rows, users and items left after one stage of the protocol, so every filter's effect is on record.</summary>
public sealed record StageCounts(string Stage, long Interactions, int Users, int Items);
