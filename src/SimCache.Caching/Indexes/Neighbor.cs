using System.Runtime.CompilerServices;

namespace SimCache.Caching.Indexes;

/// <summary>
/// A key found by a lookup: its slot in the <see cref="Keys.KeyStore"/>, its rank value (the squared distance
/// as computed, see <see cref="Numerics.Vectors.VectorKernels.Rank"/>), its distance and its insertion sequence. Keys are
/// ordered by (rank, sequence): the nearest key wins and ties go to the earliest insertion, in every index.
/// </summary>
public readonly record struct Neighbor(int Slot, float Rank, float Distance, long Seq)
{
    /// <summary>True when a key of rank <paramref name="rankA"/> and sequence <paramref name="seqA"/> comes before b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(float rankA, long seqA, float rankB, long seqB) => rankA < rankB || (rankA == rankB && seqA < seqB);

    /// <summary>
    /// Inserts a candidate into <paramref name="top"/>[0..count), kept sorted, holding at most
    /// <paramref name="k"/> entries; returns the new count. A candidate already present (same slot) is ignored.
    /// </summary>
    public static int Insert(Span<Neighbor> top, int count, int k, in Neighbor candidate)
    {
        if (count == k && !Before(candidate.Rank, candidate.Seq, top[count - 1].Rank, top[count - 1].Seq)) return count;
        for (int i = 0; i < count; i++)
            if (top[i].Slot == candidate.Slot && top[i].Seq == candidate.Seq) return count;
        int pos = count < k ? count : k - 1;
        while (pos > 0 && Before(candidate.Rank, candidate.Seq, top[pos - 1].Rank, top[pos - 1].Seq))
        {
            top[pos] = top[pos - 1];
            pos--;
        }
        top[pos] = candidate;
        return count < k ? count + 1 : count;
    }
}
