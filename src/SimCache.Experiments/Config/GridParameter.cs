namespace SimCache.Experiments.Config;

/// <summary>One named dimension of a sweep grid and its values in the order written (a scalar is a list of one).</summary>
public sealed record GridParameter(string Name, IReadOnlyList<ParamValue> Values);
