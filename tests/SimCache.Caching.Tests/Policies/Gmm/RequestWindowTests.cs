using SimCache.Caching.Policies.Gmm;
using Xunit;

namespace SimCache.Caching.Tests.Policies.Gmm;

public class RequestWindowTests
{
    [Fact]
    public void TheWindowKeepsTheLastRequestsOldestFirst()
    {
        var w = new RequestWindow(3, 2);
        Assert.Empty(w.ToRows());
        w.Add([1, 10]);
        w.Add([2, 20]);
        Assert.Equal(new double[] { 1, 10, 2, 20 }, w.ToRows());
        w.Add([3, 30]);
        w.Add([4, 40]);
        w.Add([5, 50]);
        Assert.Equal(3, w.Count);
        Assert.Equal(new double[] { 3, 30, 4, 40, 5, 50 }, w.ToRows());
        Assert.Throws<ArgumentException>(() => w.Add([1, 2, 3]));
    }
}
