using SimCache.Data.Ingest;
using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Data.Protocol;

/// <summary>
/// Liang et al.'s VAE-CF preprocessing (docs/METHODS.md §1.1), step for step as their code does it, so that the
/// same input and seed give the same split as the official scripts:
/// <list type="number">
/// <item>keep rows with rating &gt; threshold;</item>
/// <item>if the item minimum is positive, keep items with at least that many rows; then keep users with at
/// least the user minimum (one pass each, in that order, as <c>filter_triplets</c>);</item>
/// <item>sort the users by id and permute them with <c>np.random.seed(seed); permutation(n)</c>; the last
/// 2N are validation then test users;</item>
/// <item>the item set is the training users' items, numbered by first appearance in input order;</item>
/// <item>held-out users' rows outside the item set are dropped; for each held-out user in id order, with a
/// generator re-seeded for each of the two held-out groups, a user with ≥ 5 items gives
/// <c>choice(n, int(0.2 n), replace=False)</c> of them to the test part.</item>
/// </list>
/// One deviation: a repeated (user, item) row is dropped (keeping the first), where the original keeps
/// it; MovieLens, Netflix and MSD have no repeats, so their splits are unchanged.
/// </summary>
public static class LiangProtocol
{
    /// <summary>Users needed after filtering: one each for training, validation and test.</summary>
    public const int MinUsers = 3;

    /// <summary>Applies the protocol; <paramref name="cancel"/> is checked between its stages and per held-out user.</summary>
    public static SplitDataset Apply(RatingLog log, ProtocolOptions options, IWorkReporter? reporter = null, CancellationToken cancel = default)
    {
        reporter ??= NullWorkReporter.Instance;
        using var task = reporter.Start("Applying the protocol", 6, "steps");
        int nUsers = log.Users.Count, nItems = log.Items.Count;
        var users = log.User;
        var items = log.Item;
        var ratings = log.Rating;
        var stages = new List<StageCounts> { Count("input", log, null) };

        // 1. Threshold, and repeated (user, item) rows.
        var keep = new bool[log.Count];
        // Ratings are stored as float32: compare against the threshold rounded the same way, so that a rating
        // written exactly as the threshold (e.g. 0.1 with --threshold 0.1) is never "above" it.
        float? threshold = options.Threshold is double t ? (float)t : null;
        for (int r = 0; r < keep.Length; r++)
            keep[r] = threshold is not float ft || ratings[r] > ft;
        stages.Add(Count("threshold", log, keep));
        long duplicates = DropDuplicates(log, keep);
        if (duplicates > 0) stages.Add(Count("duplicates", log, keep));
        task.Report(1);
        cancel.ThrowIfCancellationRequested();

        // 2. filter_triplets: items first (only if a minimum is set), then users.
        if (options.MinItemUsers > 0)
        {
            var itemCount = new int[nItems];
            for (int r = 0; r < keep.Length; r++) if (keep[r]) itemCount[items[r]]++;
            for (int r = 0; r < keep.Length; r++) if (keep[r] && itemCount[items[r]] < options.MinItemUsers) keep[r] = false;
            stages.Add(Count("min_item_users", log, keep));
        }
        var userCount = new int[nUsers];
        for (int r = 0; r < keep.Length; r++) if (keep[r]) userCount[users[r]]++;
        if (options.MinUserItems > 0)
            for (int r = 0; r < keep.Length; r++) if (keep[r] && userCount[users[r]] < options.MinUserItems) keep[r] = false;
        var filtered = Count("min_user_items", log, keep);
        stages.Add(filtered);
        string filters = $"threshold {options.Threshold?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, --min-user-items {options.MinUserItems}, --min-item-users {options.MinItemUsers}";
        if (filtered.Interactions == 0)
            throw new UsageException($"no interactions are left after filtering ({filters})");
        task.Report(2);
        cancel.ThrowIfCancellationRequested();

        // 3. Users sorted by id, then permuted.
        var present = new bool[nUsers];
        for (int r = 0; r < keep.Length; r++) if (keep[r]) present[users[r]] = true;
        var sorted = log.Users.SortedOrder().Where(u => present[u]).ToArray();
        int n = sorted.Length;
        // At least one user each for training, validation and test; fewer leaves no held-out size to suggest.
        if (n < MinUsers)
            throw new UsageException($"the data set is too small: {n} user{(n == 1 ? " is" : "s are")} left after filtering ({filters}), and the protocol needs at least {MinUsers} (one each for training, validation and test)");
        int heldout = options.Heldout ?? options.DefaultHeldout(n);
        if (heldout < 1 || 2L * heldout >= n)
            throw new UsageException(options.Heldout is null
                ? $"{n} users are left after filtering, too few for the default held-out size (users/6 = {heldout}); pass --heldout N with 1 ≤ N ≤ {(n - 1) / 2}"
                : $"--heldout {heldout}: {n} users are left after filtering, so --heldout must be between 1 and {(n - 1) / 2}");
        var perm = new NumpyRandomState(options.Seed).Permutation(n);
        var shuffled = new int[n];
        for (int k = 0; k < n; k++) shuffled[k] = sorted[perm[k]];
        var denseUser = new int[nUsers];
        Array.Fill(denseUser, -1);
        for (int k = 0; k < n; k++) denseUser[shuffled[k]] = k;
        int nTrain = n - 2 * heldout;
        task.Report(3);
        cancel.ThrowIfCancellationRequested();

        // 4. Item set: training users' items, by first appearance in input order.
        var denseItem = new int[nItems];
        Array.Fill(denseItem, -1);
        var itemIds = new List<string>();
        var times = log.Time;
        var train = new SplitPart("train", (int)Math.Min(filtered.Interactions, int.MaxValue / 2));
        for (int r = 0; r < keep.Length; r++)
        {
            if (!keep[r]) continue;
            int du = denseUser[users[r]];
            if (du >= nTrain) continue;
            int it = items[r];
            if (denseItem[it] < 0) { denseItem[it] = itemIds.Count; itemIds.Add(log.Items.KeyOf(it)); }
            train.Add(du, denseItem[it], times[r], ratings[r]);
        }
        task.Report(4);
        cancel.ThrowIfCancellationRequested();

        // 5. Held-out users: rows grouped by user (users in id order, rows in input order), then fold-in split.
        var rowsByUser = GroupRows(log, keep, denseUser, nTrain);
        long dropped = 0;
        var (vTr, vTe, dv) = FoldIn("validation", sorted, denseUser, nTrain, nTrain + heldout, rowsByUser, log, denseItem, options, cancel);
        task.Report(5);
        cancel.ThrowIfCancellationRequested();
        var (tTr, tTe, dt) = FoldIn("test", sorted, denseUser, nTrain + heldout, n, rowsByUser, log, denseItem, options, cancel);
        dropped = dv + dt;
        task.Report(6);
        cancel.ThrowIfCancellationRequested();

        var userIds = new string[n];
        for (int k = 0; k < n; k++) userIds[k] = log.Users.KeyOf(shuffled[k]);
        return new SplitDataset
        {
            UserIds = userIds,
            ItemIds = itemIds,
            Train = train,
            ValidationTr = vTr,
            ValidationTe = vTe,
            TestTr = tTr,
            TestTe = tTe,
            TrainUsers = nTrain,
            ValidationUsers = heldout,
            TestUsers = heldout,
            Stages = stages,
            TimeKind = log.TimeKind,
            HeldoutRowsDropped = dropped,
            DuplicatesDropped = duplicates,
        };
    }

    private static (SplitPart Tr, SplitPart Te, long Dropped) FoldIn(string name, int[] sortedUsers, int[] denseUser, int from, int to,
        Dictionary<int, List<int>> rowsByUser, RatingLog log, int[] denseItem, ProtocolOptions options, CancellationToken cancel)
    {
        var tr = new SplitPart(name + "_tr");
        var te = new SplitPart(name + "_te");
        var rng = new NumpyRandomState(options.Seed);
        var items = log.Item;
        var times = log.Time;
        var ratings = log.Rating;
        long dropped = 0;
        var group = new List<int>();
        foreach (int raw in sortedUsers)
        {
            int du = denseUser[raw];
            if (du < from || du >= to) continue;
            cancel.ThrowIfCancellationRequested();
            group.Clear();
            foreach (int r in rowsByUser[raw])
            {
                if (denseItem[items[r]] >= 0) group.Add(r);
                else dropped++;
            }
            int count = group.Count;
            if (count == 0) continue;
            var isTest = new bool[count];
            if (count >= ProtocolOptions.MinItemsToSplit)
                foreach (int k in rng.ChooseWithoutReplacement(count, (int)(options.TestFraction * count))) isTest[k] = true;
            for (int k = 0; k < count; k++)
            {
                int r = group[k];
                (isTest[k] ? te : tr).Add(du, denseItem[items[r]], times[r], ratings[r]);
            }
        }
        return (tr, te, dropped);
    }

    private static Dictionary<int, List<int>> GroupRows(RatingLog log, bool[] keep, int[] denseUser, int nTrain)
    {
        var byUser = new Dictionary<int, List<int>>();
        var users = log.User;
        for (int r = 0; r < keep.Length; r++)
        {
            if (!keep[r]) continue;
            int raw = users[r];
            if (denseUser[raw] < nTrain) continue;
            if (!byUser.TryGetValue(raw, out var list)) byUser[raw] = list = new List<int>();
            list.Add(r);
        }
        return byUser;
    }

    /// <summary>Marks every repeat of a (user, item) pair as not kept; returns how many were dropped.</summary>
    private static long DropDuplicates(RatingLog log, bool[] keep)
    {
        var users = log.User;
        var items = log.Item;
        // Counting sort of kept rows by user, then a stamp per item to spot repeats within a user.
        var start = new int[log.Users.Count + 1];
        for (int r = 0; r < keep.Length; r++) if (keep[r]) start[users[r] + 1]++;
        for (int u = 0; u < log.Users.Count; u++) start[u + 1] += start[u];
        var order = new int[start[^1]];
        var fill = (int[])start.Clone();
        for (int r = 0; r < keep.Length; r++) if (keep[r]) order[fill[users[r]]++] = r;
        var stamp = new int[log.Items.Count];
        long dropped = 0;
        for (int u = 0; u < log.Users.Count; u++)
        {
            for (int k = start[u]; k < start[u + 1]; k++)
            {
                int r = order[k];
                if (stamp[items[r]] == u + 1) { keep[r] = false; dropped++; }
                else stamp[items[r]] = u + 1;
            }
        }
        return dropped;
    }

    private static StageCounts Count(string stage, RatingLog log, bool[]? keep)
    {
        var u = new bool[log.Users.Count];
        var i = new bool[log.Items.Count];
        long rows = 0;
        var users = log.User;
        var items = log.Item;
        for (int r = 0; r < log.Count; r++)
        {
            if (keep is not null && !keep[r]) continue;
            rows++;
            u[users[r]] = true;
            i[items[r]] = true;
        }
        return new StageCounts(stage, rows, u.Count(x => x), i.Count(x => x));
    }
}
