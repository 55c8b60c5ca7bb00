using SimCache.Training.Training;
using Xunit;

namespace SimCache.Training.Tests.Training;

public class ConvergenceTests
{
    private static EpochRecord[] Curve(params double[] ndcg) => ndcg.Select((v, i) => new EpochRecord(i + 1, 500 - i, v, 10, 1000)).ToArray();

    [Fact]
    public void ACurveStillRisingOverItsLastFiveEpochsIsWarnedAbout()
    {
        // Best so far after epochs 2 and 7: 0.20 and 0.2631, a rise of 0.0631 (24 % of 0.2631) over the last 5 epochs.
        var c = Convergence.Judge(Curve(0.10, 0.20, 0.25, 0.26, 0.262, 0.263, 0.2631));
        Assert.Equal(5, c.Window);
        Assert.Equal(0.0631, c.Gain, 12);
        Assert.Equal(0.2631, c.Best);
        Assert.False(c.Flat);
        Assert.Equal("validation NDCG@100 was still rising at the last epoch: its best rose by 0.06310 (23.98%) over the last 5 epochs, to 0.26310 at epoch 7; "
            + "the model is likely under-trained: raise the number of epochs until the rise is under 1%", c.Warning);
    }

    [Fact]
    public void ACurveThatRoseByLessThanOnePercentOfItsHeightIsFlatOnAnyScale()
    {
        // Best after epoch 3: 0.300; after epoch 8: 0.3012; the rise 0.0012 is 0.40 % of 0.3012.
        double[] ndcg = [0.1, 0.2, 0.3, 0.3, 0.301, 0.3005, 0.3012, 0.3011];
        var c = Convergence.Judge(Curve(ndcg));
        Assert.True(c.Flat);
        Assert.Equal(0.0012, c.Gain, 12);
        Assert.Equal("the best validation NDCG@100 rose by 0.00120 (0.40%) over the last 5 epochs, to 0.30120: levelled off (under 1%)", c.Summary);
        // The same shape ten times lower (a harder data set) is judged the same: the rule is relative to the curve's height.
        var low = Convergence.Judge(Curve(ndcg.Select(v => v / 10).ToArray()));
        Assert.True(low.Flat);
        Assert.Equal(c.RelativeGain, low.RelativeGain, 12);
    }

    [Fact]
    public void TheLineIsOnePercentOfTheBestAndACurveThatFellIsFlat()
    {
        Assert.True(Convergence.Judge(Curve(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.50495)).Flat);   // +0.98 % of 0.50495
        Assert.False(Convergence.Judge(Curve(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.50510)).Flat);  // +1.01 %
        // Past its best (over-fitting): the kept checkpoint is the best epoch's, and the best did not move.
        var falling = Convergence.Judge(Curve(0.30, 0.31, 0.305, 0.30, 0.29, 0.28, 0.27));
        Assert.True(falling.Flat);
        Assert.Equal(0, falling.Gain);
    }

    [Fact]
    public void ShortRunsAreJudgedOverWhatTheyHaveAndOneEpochCannotBeJudged()
    {
        var two = Convergence.Judge(Curve(0.171, 0.235));
        Assert.Equal(1, two.Window);
        Assert.Contains("over the last epoch, to 0.23500 at epoch 2", two.Warning);
        var three = Convergence.Judge(Curve(0.171, 0.235, 0.239));
        Assert.Equal(2, three.Window);
        Assert.Equal(0.068, three.Gain, 12);
        var one = Convergence.Judge(Curve(0.2));
        Assert.Equal(0, one.Window);
        Assert.StartsWith("trained for one epoch", one.Warning);
        var none = Convergence.Judge([]);
        Assert.True(none.Flat); // a model without epochs (popularity) has no curve and nothing to warn about
        Assert.Equal(0, none.Epochs);
    }
}
