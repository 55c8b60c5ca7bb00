namespace SimCache.Numerics.Synthetic;

/// <summary>
/// Standard normal draws from a seeded <see cref="Random"/> by Box–Muller, one value per call, so a stream of
/// draws is a pure function of the seed (System.Random(seed) is deterministic across runs on .NET).
/// </summary>
public static class StandardNormal
{
    public static double Next(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
