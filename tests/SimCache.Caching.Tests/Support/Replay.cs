using SimCache.Caching.Core;
using SimCache.Caching.Tests.Oracles;

namespace SimCache.Caching.Tests.Support;

/// <summary>Replays a trace against a cache with zero latency, one by one or in lookup blocks.</summary>
public static class Replay
{
    public static Counts Run(SimilarityCache cache, TraceData t, int block = 0)
    {
        int exact = 0, approx = 0, miss = 0, d = t.Dimension;
        int step = block > 0 ? block : t.Count;
        for (int start = 0; start < t.Count; start += step)
        {
            int rows = Math.Min(step, t.Count - start);
            if (block > 0) cache.BeginBlock(t.Vectors.AsSpan(start * d, rows * d), rows);
            for (int r = start; r < start + rows; r++)
            {
                var request = new CacheRequest(t.Users[r], t.Times[r], t.Vector(r), t.Answers[r], block > 0 ? r - start : -1);
                var o = cache.Process(request);
                switch (o.Kind)
                {
                    case OutcomeKind.ExactHit: exact++; break;
                    case OutcomeKind.ApproximateHit: approx++; break;
                    default: miss++; break;
                }
            }
        }
        if (block > 0) cache.EndBlock();
        return new Counts(exact, approx, miss);
    }

    /// <summary>A cache for the trace's space, with the trace available to offline policies.</summary>
    public static SimilarityCache Create(string spec, TraceData t, int seed = 0, int answers = 0, SimCache.Data.Arrow.DecoderWeights? decoder = null) =>
        CacheFactory.Create(spec, new CacheContext
        {
            Dimension = t.Dimension,
            Metric = SimCache.Numerics.Vectors.DistanceMetrics.Parse(t.Distance),
            TracePath = t.Path,
            Seed = seed,
            AnswerLength = answers,
            Decoder = decoder,
        });
}
