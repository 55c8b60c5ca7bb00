using System.Buffers;
using System.Buffers.Text;

namespace SimCache.Data.Synthetic;

/// <summary>
/// Generates users one at a time into MovieLens CSV rows. One instance per worker thread: it owns scratch buffers
/// (so the hot loop allocates nothing) and per-worker totals that are merged once at the end; because every user
/// has its own RNG stream, the bytes produced for a user do not depend on which worker produced them.
/// </summary>
internal sealed class UserSampler
{
    private const ulong UserStream = 2;
    private const int RejectionTries = 32;

    private readonly SyntheticOptions _o;
    private readonly SyntheticWorld _w;
    private readonly bool[] _seen;
    private int[] _items = new int[64];
    private long[] _payload = new long[64];
    private long[] _times = new long[64];
    private readonly long _spanStart;
    private readonly long _spanSeconds;

    public UserSampler(SyntheticOptions options, SyntheticWorld world)
    {
        _o = options;
        _w = world;
        _seen = new bool[world.Items];
        ItemCounts = new long[world.Items];
        _spanStart = options.TimeStart.ToUnixTimeSeconds();
        _spanSeconds = options.TimeEnd.ToUnixTimeSeconds() - _spanStart;
    }

    /// <summary>Ratings per item produced by this worker (merged by the generator).</summary>
    public long[] ItemCounts { get; }

    /// <summary>Ratings produced by this worker.</summary>
    public long Ratings { get; private set; }

    /// <summary>Ratings &gt; 3.5 produced by this worker.</summary>
    public long Positives { get; private set; }

    /// <summary>Appends the rows of user <paramref name="userIndex"/> (0-based) to <paramref name="output"/>.</summary>
    public void Generate(int userIndex, IBufferWriter<byte> output, out int primary, out int secondary, out int count)
    {
        var rng = new SynthRandom(_o.Seed, UserStream, (ulong)userIndex);
        int clusters = _w.Clusters;
        primary = rng.NextInt(clusters);
        secondary = clusters > 1 ? (primary + 1 + rng.NextInt(clusters - 1)) % clusters : primary;

        // Activity: min + lognormal extra with the requested median, capped.
        double extra = (_o.MedianRatingsPerUser - _o.MinRatingsPerUser) * Math.Exp(_o.ActivitySigma * rng.NextGaussian());
        int n = (int)Math.Min(_o.MaxRatingsPerUser, _o.MinRatingsPerUser + Math.Floor(extra + 0.5));
        count = n;

        double bias = _o.UserBiasSd * rng.NextGaussian();
        bool halfStars = rng.NextDouble() < _o.HalfStarUserShare;
        EnsureCapacity(n);

        int items = _w.Items;
        var primaryTable = _w.ClusterTables[primary];
        var secondaryTable = _w.ClusterTables[secondary];
        int pOff = primary * items, sOff = secondary * items;
        long positives = 0;

        // Draws in chronological order: the secondary cluster's share grows over the history (taste drift).
        for (int j = 0; j < n; j++)
        {
            double t = n > 1 ? (double)j / (n - 1) : 0.0;
            double secShare = _o.SecondaryShareStart + (_o.SecondaryShareEnd - _o.SecondaryShareStart) * t;
            double u = rng.NextDouble();
            var table = u < _o.GlobalShare ? _w.Global : u < _o.GlobalShare + secShare ? secondaryTable : primaryTable;
            int item = Draw(table, ref rng);
            _seen[item] = true;
            _items[j] = item;

            double match = Math.Max(_w.Affinity[pOff + item], _w.Affinity[sOff + item]);
            double latent = _o.RatingMean + bias + _w.Quality[item] + _o.MatchWeight * match + _o.NoiseSd * rng.NextGaussian();
            int halves = halfStars
                ? (int)Math.Clamp(Math.Round(latent * 2, MidpointRounding.AwayFromZero), 1, 10)
                : 2 * (int)Math.Clamp(Math.Round(latent, MidpointRounding.AwayFromZero), 1, 5);
            if (halves > 7) positives++;
            _payload[j] = halves; // timestamp is OR-ed in below
        }
        for (int j = 0; j < n; j++) _seen[_items[j]] = false;

        FillTimes(n, ref rng);
        for (int j = 0; j < n; j++) _payload[j] |= _times[j] << 4;

        // MovieLens ships rows sorted by (userId, movieId).
        Array.Sort(_items, _payload, 0, n);

        int userId = userIndex + 1;
        for (int j = 0; j < n; j++)
        {
            ItemCounts[_items[j]]++;
            WriteRow(output, userId, _items[j] + 1, (int)(_payload[j] & 0xF), _payload[j] >> 4);
        }
        Ratings += n;
        Positives += positives;
    }

    private int Draw(AliasTable table, ref SynthRandom rng)
    {
        for (int k = 0; k < RejectionTries; k++)
        {
            int i = table.Sample(ref rng);
            if (!_seen[i]) return i;
        }
        // Heavy users can exhaust the mass of their cluster's head; fall back to popularity, then to any unseen item.
        for (int k = 0; k < RejectionTries; k++)
        {
            int i = _w.Global.Sample(ref rng);
            if (!_seen[i]) return i;
        }
        int start = rng.NextInt(_seen.Length);
        for (int k = 0; k < _seen.Length; k++)
        {
            int i = start + k;
            if (i >= _seen.Length) i -= _seen.Length;
            if (!_seen[i]) return i;
        }
        throw new InvalidOperationException("No unseen item left (the activity cap should prevent this).");
    }

    /// <summary>
    /// Chronological timestamps: a first session holding most (or all) of the ratings, then later sessions of a few
    /// ratings each; seconds-to-minutes gaps inside a session, days-to-months gaps between sessions. The history is
    /// compressed if it would not fit the span and placed uniformly at random inside it.
    /// </summary>
    private void FillTimes(int n, ref SynthRandom rng)
    {
        int first = n;
        if (rng.NextDouble() >= _o.SingleSessionShare)
        {
            double share = _o.FirstSessionShareMin + (_o.FirstSessionShareMax - _o.FirstSessionShareMin) * rng.NextDouble();
            first = Math.Clamp((int)Math.Round(n * share), 1, n);
        }
        double lnMinGap = Math.Log(_o.MinSessionGapDays * 86_400.0);
        double lnMaxGap = Math.Log(_o.MaxSessionGapDays * 86_400.0);
        double pNewSession = 1.0 / _o.MeanSessionSize; // geometric session sizes
        long t = 0;
        int left = first; // ratings left in the current session
        for (int j = 0; j < n; j++)
        {
            if (j > 0)
            {
                if (left == 0)
                {
                    t += (long)Math.Exp(lnMinGap + (lnMaxGap - lnMinGap) * rng.NextDouble());
                    left = 1;
                    while (rng.NextDouble() >= pNewSession && left < n - j) left++;
                }
                else
                {
                    t += 1 + (long)rng.NextExponential(_o.MeanInSessionGapSeconds);
                }
            }
            _times[j] = t;
            left--;
        }

        long total = _times[n - 1];
        if (total > _spanSeconds)
        {
            double scale = (double)_spanSeconds / total;
            for (int j = 0; j < n; j++) _times[j] = (long)(_times[j] * scale);
            total = Math.Min(_spanSeconds, _times[n - 1]);
        }
        long start = _spanStart + (long)(rng.NextDouble() * (_spanSeconds - total + 1));
        for (int j = 0; j < n; j++) _times[j] = Math.Min(_spanStart + _spanSeconds, start + _times[j]);
    }

    private static void WriteRow(IBufferWriter<byte> output, int userId, int movieId, int halves, long timestamp)
    {
        var span = output.GetSpan(64);
        Utf8Formatter.TryFormat(userId, span, out int w);
        int p = w;
        span[p++] = (byte)',';
        Utf8Formatter.TryFormat(movieId, span[p..], out w);
        p += w;
        span[p++] = (byte)',';
        span[p++] = (byte)('0' + halves / 2);
        span[p++] = (byte)'.';
        span[p++] = (byte)((halves & 1) == 1 ? '5' : '0');
        span[p++] = (byte)',';
        Utf8Formatter.TryFormat(timestamp, span[p..], out w);
        p += w;
        span[p++] = (byte)'\n';
        output.Advance(p);
    }

    private void EnsureCapacity(int n)
    {
        if (_items.Length >= n) return;
        int size = Math.Max(n, _items.Length * 2);
        _items = new int[size];
        _payload = new long[size];
        _times = new long[size];
    }
}
