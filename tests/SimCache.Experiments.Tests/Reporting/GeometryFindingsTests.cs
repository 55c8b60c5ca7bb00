using System.Text;
using SimCache.Experiments.Reporting;
using Xunit;

namespace SimCache.Experiments.Tests.Reporting;

public class GeometryFindingsTests
{
    [Fact]
    public void TheTableShowsEachSetsNumbersFormattedAndADashForWhatIsMissing()
    {
        using var dir = new TempDir();
        var json = dir.File("geometry.json", """
            { "norms": { "embeddings": { "mean": 20.977, "sd": 2.5306 }, "uniform_ball": { "mean": 1, "sd": 0 } },
              "intrinsic_dimension": { "embeddings": { "radius_law": { "dimension": 14.3826 }, "twonn": { "maximum_likelihood": 18 } } },
              "hubness": { "gaussian": { "anti_hub_share": 0.14632 } },
              "gmm": { "embeddings": { "best_k_bic": 3 } } }
            """);
        var html = new StringBuilder();
        GeometryFindings.AppendTable(html, json);
        var s = html.ToString();
        Assert.Contains("<th>embeddings</th><th>uniform ball</th><th>Gaussian</th>", s);
        Assert.Contains("<td>norm: mean ± sd</td><td>20.98 ± 2.53</td><td>1.00 ± 0.00</td><td>–</td>", s);
        Assert.Contains("<td>intrinsic dimension: k-NN radius law</td><td>14.4</td><td>–</td><td>–</td>", s);
        Assert.Contains("<td>intrinsic dimension: TwoNN</td><td>18.0</td>", s);
        Assert.Contains("<td>hubness: share never a 20-NN</td><td>–</td><td>–</td><td>14.6 %</td>", s);
        Assert.Contains("<td>GMM: components by BIC</td><td>3</td>", s);
    }

    [Fact]
    public void AnUnreadableFileIsSaidNotThrown()
    {
        using var dir = new TempDir();
        var html = new StringBuilder();
        GeometryFindings.AppendTable(html, dir.File("geometry.json", "{ not json"));
        Assert.Contains("could not be read", html.ToString());
    }
}
