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
    public void TheMixturesSpaceReasonAndEveryWarningAreInTheText()
    {
        using var dir = new TempDir();
        var json = dir.File("geometry.json", """
            { "warnings": ["embeddings: GMM: BIC chose K = 8, the largest K searched (1..8) <edge>"],
              "gmm": { "embeddings": { "best_k_bic": 8, "fit_dimension": 30, "parameters_per_component": 61, "space": "pca",
                                       "covariance_type": "diag", "reason": "fitted on the 30 leading principal components" },
                       "gaussian": { "best_k_bic": 1, "fit_dimension": 169 } } }
            """);
        var html = new StringBuilder();
        GeometryFindings.AppendTable(html, json);
        var s = html.ToString();
        Assert.Contains("<td>GMM: dimensions fitted (principal components or all)</td><td>30</td><td>–</td><td>169</td>", s);
        Assert.Contains("<td>GMM: parameters per component</td><td>61</td>", s);
        Assert.Contains("Mixture of the embeddings (space pca, diag covariances): fitted on the 30 leading principal components.", s);
        Assert.Contains("<li>embeddings: GMM: BIC chose K = 8, the largest K searched (1..8) &lt;edge&gt;</li>", s);
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
