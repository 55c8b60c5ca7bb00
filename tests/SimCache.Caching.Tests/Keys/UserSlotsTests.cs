using SimCache.Caching.Keys;
using Xunit;

namespace SimCache.Caching.Tests.Keys;

public class UserSlotsTests
{
    [Fact]
    public void MapsSmallLargeAndNegativeIdsAndForgetsOnlyTheSlotItHolds()
    {
        var m = new UserSlots(initialUsers: 16);
        int[] ids = [0, 15, 16, 1000, 5_000_000, UserSlots.DenseLimit, int.MaxValue, -1, int.MinValue];
        for (int i = 0; i < ids.Length; i++) m.Set(ids[i], i);
        Assert.Equal(ids.Length, m.Count);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.True(m.TryGet(ids[i], out int slot), $"id {ids[i]}");
            Assert.Equal(i, slot);
        }
        Assert.False(m.TryGet(17, out _));
        Assert.False(m.TryGet(UserSlots.DenseLimit - 1, out _)); // beyond the grown array: absent, not an error
        Assert.False(m.TryGet(-2, out _));

        m.Set(1000, 42); // remap: still one entry
        Assert.Equal(ids.Length, m.Count);
        Assert.False(m.RemoveIf(1000, 3)); // holds 42, not 3
        Assert.True(m.RemoveIf(1000, 42));
        Assert.False(m.TryGet(1000, out _));
        Assert.False(m.RemoveIf(int.MaxValue, 0));
        Assert.True(m.RemoveIf(int.MaxValue, 6));
        Assert.True(m.RemoveIf(-1, 7));
        Assert.Equal(ids.Length - 3, m.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Set(3, -1));
    }

    [Fact]
    public void AgreesWithADictionaryOnARandomSequence()
    {
        var rng = new Random(7);
        var m = new UserSlots(initialUsers: 16);
        var reference = new Dictionary<int, int>();
        for (int step = 0; step < 20_000; step++)
        {
            int user = rng.Next(4) == 0 ? rng.Next(int.MinValue, int.MaxValue) : rng.Next(3000);
            int slot = rng.Next(50);
            if (rng.Next(3) == 0)
            {
                bool removed = reference.TryGetValue(user, out int held) && held == slot;
                if (removed) reference.Remove(user);
                Assert.Equal(removed, m.RemoveIf(user, slot));
            }
            else
            {
                reference[user] = slot;
                m.Set(user, slot);
            }
            Assert.Equal(reference.TryGetValue(user, out int want), m.TryGet(user, out int got));
            if (reference.ContainsKey(user)) Assert.Equal(want, got);
        }
        Assert.Equal(reference.Count, m.Count);
        foreach (var (user, slot) in reference)
        {
            Assert.True(m.TryGet(user, out int got));
            Assert.Equal(slot, got);
        }
    }
}
