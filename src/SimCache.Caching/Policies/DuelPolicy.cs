using SimCache.Caching.Configuration;
using SimCache.Caching.Core;
using SimCache.Caching.Indexes;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>duel(capacity, beta, window, margin, radius, seed)</c>: DUEL of Garetto, Leonardi and Neglia
/// (docs/METHODS.md §3.2). The cache serves with its nearest key z when C_a(x, z) &lt; C_r, else misses. While the
/// cache is not full, a retrieved miss is inserted. When it is full, the missed request y′ becomes a candidate
/// that duels a cached key y — y′'s nearest key with probability β, else a key drawn uniformly — unless y′ lies
/// within the interference radius of a candidate already duelling. Candidates serve nobody. Every later request
/// r adds to each duellist's counter the saving it alone would bring, measured against the cache without the
/// incumbent: with B = C(r, S∖{y}) = min(C_r, C_a to the nearest key other than y), y gains B − min(B, C_a(r, y))
/// and y′ gains B − min(B, C_a(r, y′)). A duel ends when the counters differ by at least the margin δ (the
/// leader wins; if y′ wins it replaces y) or after τ (<c>window</c>) counted requests (y stays).
/// <para>
/// Choices left open by the reference, made here: the margin defaults to C_r and the radius to the cost
/// model's coverage radius (where C_a reaches C_r); a key already defending a duel is not challenged again (the
/// new candidate is dropped); a duel decided by request r takes effect right after r — before the next lookup,
/// admission or expiry — so r is still served from the cache it was looked up in; a replacement is admitted at
/// r's time; a duel whose incumbent expires is cancelled. <b>Randomness:</b> <c>System.Random(seed)</c>; a
/// duel start draws u (nearest iff u &lt; β) and, for a random incumbent, one uniform index among the keys.
/// </para>
/// </summary>
public sealed class DuelPolicy : CachePolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("duel",
        [new("capacity", null, "keys kept"), new("beta", "0.75", "probability of duelling the candidate's nearest key"),
         new("window", "200", "requests after which an undecided duel keeps the incumbent"),
         new("margin", "C_r", "counter difference that decides a duel"),
         new("radius", "coverage radius", "no new duel for a candidate this close to a duelling one"),
         new("seed", "context seed", "random seed")],
        "DUEL: missed requests challenge cached keys; the better saver stays",
        s =>
        {
            var a = s.Args;
            int k = a.Int("capacity", 1);
            double beta = a.Double("beta", 0, 1);
            int window = a.Int("window", 1);
            double margin = a.Has("margin") ? a.Double("margin", 0, minExclusive: true) : s.Cost.Retrieval;
            if (!a.Has("margin")) a.RecordNested("margin", SpecArguments.Num(margin));
            double radius = a.Has("radius") ? a.Double("radius", 0) : s.Cost.CoverageRadius;
            if (!a.Has("radius")) a.RecordNested("radius", double.IsPositiveInfinity(radius) ? "inf" : SpecArguments.Num(radius));
            return new DuelPolicy(s, k, beta, window, margin, radius, s.ReadSeed());
        });

    private readonly int _capacity;
    private readonly double _beta, _margin, _radius;
    private readonly int _window;
    private readonly Random _random;
    private readonly Neighbor[] _near = new Neighbor[2];
    private readonly int[] _duelOfSlot;
    private readonly float[] _scratch;
    private Duel[] _duels;
    private float[] _candVector;   // prepared candidate vectors, one row per duel slot
    private float[] _candRaw;      // raw candidate vectors (inserted if the candidate wins)
    private int[] _candAnswer;
    private int[] _active;         // duel slots in start order
    private int _activeCount;
    private int[] _freeDuels;
    private int _freeDuelCount;
    private int _pendingCount;
    private int[] _pending;        // duel slots whose candidate won, applied before the next call
    private double _pendingTime;
    private long _started, _won, _kept, _expired, _blocked, _busy;

    private struct Duel
    {
        public int Incumbent, IncumbentVersion, User, AnswerLength, Age;
        public double IncumbentCounter, CandidateCounter;
    }

    public DuelPolicy(PolicySetup setup, int capacity, double beta, int window, double margin, double radius, int seed)
        : base(setup)
    {
        _capacity = capacity;
        _beta = beta;
        _window = window;
        _margin = margin;
        _radius = radius;
        _random = new Random(seed);
        var store = UseStore(setup.CreateStore(capacity));
        _duelOfSlot = new int[capacity];
        Array.Fill(_duelOfSlot, -1);
        _scratch = new float[store.Dimension];
        _duels = Array.Empty<Duel>();
        _candVector = _candRaw = Array.Empty<float>();
        _candAnswer = _active = _freeDuels = _pending = Array.Empty<int>();
        Grow(Math.Min(window, capacity) + 1);
    }

    public override int Capacity => _capacity;

    public static readonly PolicyCounter DuelsStartedCounter = new("duels_started", "duels", "duels started between a missed request (the candidate) and a cached key");
    public static readonly PolicyCounter DuelsWonCounter = new("duels_won", "duels", "duels the candidate won: it replaced the incumbent key");
    public static readonly PolicyCounter DuelsKeptCounter = new("duels_kept", "duels", "duels the incumbent key kept its place (it won, or the duel's window ran out)");
    public static readonly PolicyCounter DuelsCancelledCounter = new("duels_cancelled", "duels", "duels ended because the incumbent key left the cache");
    public static readonly PolicyCounter DuelsBlockedRadiusCounter = new("duels_blocked_radius", "requests", "duels not started: a candidate of a running duel was within the radius");
    public static readonly PolicyCounter DuelsBlockedBusyCounter = new("duels_blocked_busy", "requests", "duels not started: the chosen incumbent was already in a duel");
    public static readonly PolicyCounter DuelsActiveCounter = new("duels_active", "duels", "duels still running at the end of the replay");

    public override IEnumerable<PolicyCount> Counters =>
    [
        DuelsStartedCounter.With(_started), DuelsWonCounter.With(_won), DuelsKeptCounter.With(_kept), DuelsCancelledCounter.With(_expired),
        DuelsBlockedRadiusCounter.With(_blocked), DuelsBlockedBusyCounter.With(_busy), DuelsActiveCounter.With(_activeCount),
    ];

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        ApplyPending();
        var store = Store!;
        var q = store.Prepare(request.Vector, request.BlockRow);
        int n = store.Nearest(q, 2, _near);
        CacheOutcome outcome = n > 0 && Cost.Approximation(_near[0].Distance) < Cost.Retrieval
            ? Hit(_near[0].Slot, _near[0].Distance)
            : Miss(n > 0 ? _near[0].Distance : float.PositiveInfinity, AdmissionKind.Insert);
        if (_activeCount > 0) Score(q, n, request.Time);
        return outcome;
    }

    public override void Admit(in CacheRequest request, in CacheOutcome outcome, double now)
    {
        if (outcome.Admission != AdmissionKind.Insert) { base.Admit(request, outcome, now); return; }
        ApplyPending();
        var store = Store!;
        if (store.Count < _capacity)
        {
            store.Add(request.Vector, request.User, now, request.Answer);
            return;
        }
        store.PrepareInto(request.Vector, _scratch);
        for (int i = 0; i < _activeCount; i++)
        {
            int di = _active[i];
            if (store.Distance(_scratch, CandidateVector(di)) <= _radius) { _blocked++; return; }
        }
        int incumbent;
        if (_random.NextDouble() < _beta)
        {
            var q = store.Prepare(request.Vector);
            incumbent = store.Nearest(q, 1, _near) > 0 ? _near[0].Slot : -1;
        }
        else incumbent = store.LiveSlot(_random.Next(store.Count));
        if (incumbent < 0) return;
        if (_duelOfSlot[incumbent] >= 0) { _busy++; return; }
        Start(incumbent, request);
    }

    public override int ExpireUpTo(double now)
    {
        ApplyPending();
        return base.ExpireUpTo(now);
    }

    public override bool WouldServe(int requestUser, int keyUser, float distance) => Cost.Approximation(distance) < Cost.Retrieval;

    protected override void OnRemoved(int slot)
    {
        int di = _duelOfSlot[slot];
        if (di < 0) return;
        _duelOfSlot[slot] = -1;
        if (End(di)) _expired++;
    }

    private void Start(int incumbent, in CacheRequest request)
    {
        var store = Store!;
        if (_freeDuelCount == 0) Grow(_duels.Length * 2);
        int di = _freeDuels[--_freeDuelCount];
        int d = store.Dimension, n = store.AnswerLength;
        _scratch.AsSpan().CopyTo(_candVector.AsSpan(di * d, d));
        request.Vector.CopyTo(_candRaw.AsSpan(di * d, d));
        int len = Math.Min(n, request.Answer.Length);
        request.Answer[..len].CopyTo(_candAnswer.AsSpan(di * n, n));
        _duels[di] = new Duel
        {
            Incumbent = incumbent,
            IncumbentVersion = store.Version(incumbent),
            User = request.User,
            AnswerLength = len,
        };
        _duelOfSlot[incumbent] = di;
        _active[_activeCount++] = di;
        _started++;
    }

    /// <summary>Adds request r's savings to every duel and decides the duels that are over.</summary>
    private void Score(in Keys.PreparedQuery q, int n, double time)
    {
        var store = Store!;
        double cr = Cost.Retrieval;
        int kept = 0;
        for (int i = 0; i < _activeCount; i++)
        {
            int di = _active[i];
            ref var duel = ref _duels[di];
            int y = duel.Incumbent;
            float dy;
            double without;
            if (n > 0 && _near[0].Slot == y)
            {
                dy = _near[0].Distance;
                without = n > 1 ? Cost.Best(_near[1].Distance) : cr;
            }
            else
            {
                dy = n > 1 && _near[1].Slot == y ? _near[1].Distance : store.Distance(q, y);
                without = n > 0 ? Cost.Best(_near[0].Distance) : cr;
            }
            float dc = store.Distance(q.Vector, CandidateVector(di));
            duel.IncumbentCounter += Math.Max(0, without - Cost.Approximation(dy));
            duel.CandidateCounter += Math.Max(0, without - Cost.Approximation(dc));
            duel.Age++;
            double diff = duel.CandidateCounter - duel.IncumbentCounter;
            if (diff >= _margin)
            {
                _pending[_pendingCount++] = di;
                _pendingTime = time;
                _won++;
            }
            else if (-diff >= _margin || duel.Age >= _window)
            {
                _duelOfSlot[y] = -1;
                FreeDuel(di);
                _kept++;
            }
            else _active[kept++] = di;
        }
        _activeCount = kept;
    }

    /// <summary>Replaces the incumbents of the duels their candidates won (deferred so the served key stays intact).</summary>
    private void ApplyPending()
    {
        if (_pendingCount == 0) return;
        var store = Store!;
        int d = store.Dimension, n = store.AnswerLength;
        for (int i = 0; i < _pendingCount; i++)
        {
            int di = _pending[i];
            ref var duel = ref _duels[di];
            int y = duel.Incumbent;
            _duelOfSlot[y] = -1;
            if (store.IsLive(y) && store.Version(y) == duel.IncumbentVersion) store.Remove(y);
            if (store.Count < _capacity)
                store.Add(_candRaw.AsSpan(di * d, d), duel.User, _pendingTime, _candAnswer.AsSpan(di * n, duel.AnswerLength));
            FreeDuel(di);
        }
        _pendingCount = 0;
    }

    /// <summary>Cancels an active duel; false if it is not active (already decided).</summary>
    private bool End(int di)
    {
        for (int i = 0; i < _activeCount; i++)
        {
            if (_active[i] != di) continue;
            for (int j = i + 1; j < _activeCount; j++) _active[j - 1] = _active[j];
            _activeCount--;
            FreeDuel(di);
            return true;
        }
        return false;
    }

    private ReadOnlySpan<float> CandidateVector(int di) => _candVector.AsSpan(di * Store!.Dimension, Store.Dimension);

    private void FreeDuel(int di) => _freeDuels[_freeDuelCount++] = di;

    private void Grow(int size)
    {
        int old = _duels.Length;
        if (size <= old) return;
        int d = Store!.Dimension, n = Store.AnswerLength;
        Array.Resize(ref _duels, size);
        Array.Resize(ref _candVector, size * d);
        Array.Resize(ref _candRaw, size * d);
        Array.Resize(ref _candAnswer, size * n);
        Array.Resize(ref _active, size);
        Array.Resize(ref _pending, size);
        var free = new int[size];
        Array.Copy(_freeDuels, free, _freeDuelCount);
        for (int i = size - 1; i >= old; i--) free[_freeDuelCount++] = i;
        _freeDuels = free;
    }
}
