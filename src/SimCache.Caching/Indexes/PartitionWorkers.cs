namespace SimCache.Caching.Indexes;

/// <summary>
/// Runs one body over a fixed number of parts on long-lived threads (the caller runs part 0), without the
/// per-call allocations of <c>Parallel.For</c>: a batched lookup runs every few dozen requests inside a replay
/// loop that must not allocate. Parts are fixed ranges chosen by the caller, so results never depend on
/// scheduling. Completion is a semaphore released once per worker, not a <c>CountdownEvent</c>: the latter
/// allocates its lock object the first time a wait really blocks, which made a replay's allocation depend on
/// timing.
/// </summary>
internal sealed class PartitionWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly SemaphoreSlim _finished = new(0); // released once by each worker that finished its part
    private int _running; // workers still running the current body
    private Action<int>? _body;
    private Exception? _error;
    private volatile bool _stop;

    /// <summary>Polls of a worker's start signal before it blocks (each about a microsecond).</summary>
    private const int SpinRounds = 100;

    public PartitionWorkers(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        Parts = parts;
        _threads = new Thread[parts - 1];
        _start = new SemaphoreSlim[parts - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int part = i + 1;
            _start[i] = new SemaphoreSlim(0);
            _threads[i] = new Thread(() => Loop(part)) { IsBackground = true, Name = $"simcache-block-{part}" };
            _threads[i].Start();
        }
    }

    public int Parts { get; }

    /// <summary>Runs <paramref name="body"/>(p) for p in [0, Parts) and returns when all are done.</summary>
    public void Run(Action<int> body)
    {
        if (_body is not null) throw new InvalidOperationException("a body begun earlier is still running: Join it first");
        if (_threads.Length == 0)
        {
            body(0);
            return;
        }
        StartWorkers(body);
        try
        {
            body(0);
        }
        finally
        {
            AwaitWorkers();
            _body = null;
        }
        if (_error is not null) throw new AggregateException(_error);
    }

    /// <summary>
    /// Starts <paramref name="body"/>(p) for p in [1, Parts) on the workers and returns at once, so the caller
    /// can go on with other work (part 0 is not run); <see cref="Join"/> waits for them. At most one body runs at
    /// a time.
    /// </summary>
    public void Begin(Action<int> body)
    {
        if (_threads.Length == 0) throw new InvalidOperationException("no worker threads to begin on (one part)");
        if (_body is not null) throw new InvalidOperationException("a body is already running");
        StartWorkers(body);
    }

    /// <summary>Sets <paramref name="body"/> running on every worker (parts 1..).</summary>
    private void StartWorkers(Action<int> body)
    {
        _body = body;
        _error = null;
        Volatile.Write(ref _running, _threads.Length);
        foreach (var s in _start) s.Release();
    }

    /// <summary>Whether the body begun last has finished on every worker (true if none was begun).</summary>
    public bool Finished => _body is null || Volatile.Read(ref _running) == 0;

    /// <summary>Waits for the body begun by <see cref="Begin"/> (nothing if none) and rethrows what it threw.</summary>
    public void Join()
    {
        if (_body is null) return;
        AwaitWorkers();
        _body = null;
        if (_error is not null) throw new AggregateException(_error);
    }

    /// <summary>Takes every worker's completion of the current body (each released once).</summary>
    private void AwaitWorkers()
    {
        for (int i = 0; i < _threads.Length; i++) _finished.Wait();
    }

    private void Loop(int part)
    {
        var start = _start[part - 1];
        while (true)
        {
            // Spin a little before blocking: a replay hands work out every few tens of microseconds, and waking
            // a blocked thread costs about as much.
            bool started = false;
            for (int i = 0; i < SpinRounds && !(started = start.Wait(0)); i++) Thread.SpinWait(20);
            if (!started) start.Wait();
            if (_stop) return;
            try
            {
                _body!(part);
            }
            catch (Exception ex)
            {
                _error = ex;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                _finished.Release();
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        foreach (var s in _start) s.Release();
        foreach (var t in _threads) t.Join();
        foreach (var s in _start) s.Dispose();
        _finished.Dispose();
    }
}
