using System.Globalization;
using SimCache.Caching.Configuration;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Caching.Tests.Configuration;

public class SpecTests
{
    [Fact]
    public void ParsesNamesPlainValuesAndNestedSpecs()
    {
        var s = Spec.Parse(" SIM-LRU ( capacity = 1000,threshold=0.8 , index = hnsw( ef=128 ), cost=power ) ", "cache");
        Assert.Equal("sim-lru", s.Name);
        Assert.Equal(new[] { "capacity", "threshold", "index", "cost" }, s.Arguments.Select(a => a.Key));
        Assert.Equal("1000", s.Arguments[0].Text);
        Assert.Equal("hnsw", s.Arguments[2].Nested!.Name);
        Assert.Equal("128", s.Arguments[2].Nested!.Arguments[0].Text);
        Assert.Equal("power", s.Arguments[3].Text);
        Assert.Equal("sim-lru(capacity=1000, threshold=0.8, index=hnsw(ef=128), cost=power)", s.ToString());
        Assert.Empty(Spec.Parse("lru()", "cache").Arguments);
    }

    [Theory]
    [InlineData("", "expected a name")]
    [InlineData("sim-lru(capacity)", "expected '=' after 'capacity'")]
    [InlineData("sim-lru(capacity=)", "expected a value after 'capacity='")]
    [InlineData("sim-lru(capacity=1", "missing ')'")]
    [InlineData("sim-lru(capacity=1) x", "unexpected 'x'")]
    [InlineData("sim-lru(capacity=1(2))", "expected '=' after '2'")]
    [InlineData("sim-lru(capacity=a b(c))", "unexpected '(' in the value of 'capacity'")]
    public void SyntaxErrorsQuoteTheTextAndSayWhatIsWrong(string text, string message)
    {
        var ex = Assert.Throws<UsageException>(() => Spec.Parse(text, "cache"));
        Assert.Contains(message, ex.Message);
        Assert.Contains($"'{text}'", ex.Message);
    }

    [Fact]
    public void ArgumentsAreCheckedAgainstTheDeclaredParametersAndParsedInvariantly()
    {
        ParameterInfo[] ps = [new("k", null, ""), new("x", "0.5", ""), new("n", "3", "")];
        var prev = CultureInfo.CurrentCulture;
        try
        {
            // The build runs in invariant-globalization mode, so a German culture is emulated: ',' as decimal separator.
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("0,25", 0.25.ToString(CultureInfo.CurrentCulture));
            var a = new SpecArguments(Spec.Parse("demo(k=1e3, x=0.25)", "thing"), ps, "thing");
            Assert.Equal(0.25, a.Double("x", 0, 1));
            Assert.Equal(1000, a.Double("k"));
            Assert.Equal(3, a.Int("n", 1));
            Assert.Equal("demo(k=1000, x=0.25, n=3)", a.Canonical());
        }
        finally
        {
            CultureInfo.CurrentCulture = prev;
        }
        var unknown = Assert.Throws<UsageException>(() => new SpecArguments(Spec.Parse("demo(k=1, y=2)", "thing"), ps, "thing"));
        Assert.Contains("unknown parameter 'y'", unknown.Message);
        Assert.Contains("k (required), x=0.5, n=3", unknown.Message);
        Assert.Contains("given twice", Assert.Throws<UsageException>(() => new SpecArguments(Spec.Parse("demo(k=1, k=2)", "t"), ps, "t")).Message);
        var b = new SpecArguments(Spec.Parse("demo(x=abc, n=2.5)", "thing"), ps, "thing");
        Assert.Contains("parameter 'x' must be a finite number, got 'abc'", Assert.Throws<UsageException>(() => b.Double("x")).Message);
        Assert.Contains("parameter 'n' must be an integer, got '2.5'", Assert.Throws<UsageException>(() => b.Int("n")).Message);
        Assert.Contains("parameter 'k' is required", Assert.Throws<UsageException>(() => b.Int("k")).Message);
        var c = new SpecArguments(Spec.Parse("demo(k=0, x=NaN)", "thing"), ps, "thing");
        Assert.Contains("parameter 'k' must be ≥ 1, got '0'", Assert.Throws<UsageException>(() => c.Int("k", 1)).Message);
        Assert.Contains("finite", Assert.Throws<UsageException>(() => c.Double("x")).Message);
    }
}
