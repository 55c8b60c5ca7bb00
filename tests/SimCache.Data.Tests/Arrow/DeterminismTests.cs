using Xunit;

namespace SimCache.Data.Tests.Arrow;

public sealed class DeterminismTests
{
    [Fact]
    public void SameRowsGiveByteIdenticalFiles()
    {
        using var dir = new TempDir();
        var extraA = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };
        var extraB = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }; // insertion order must not matter
        Samples.WriteInteractions(dir.File("i1.arrow"), 10, extra: extraA);
        Samples.WriteInteractions(dir.File("i2.arrow"), 10, extra: extraB);
        Samples.WriteEmbeddings(dir.File("e1.arrow"), 10);
        Samples.WriteEmbeddings(dir.File("e2.arrow"), 10);
        Samples.WriteTrace(dir.File("t1.arrow"), 10);
        Samples.WriteTrace(dir.File("t2.arrow"), 10);
        foreach (var k in new[] { "i", "e", "t" })
            Assert.Equal(File.ReadAllBytes(dir.File(k + "1.arrow")), File.ReadAllBytes(dir.File(k + "2.arrow")));
    }

    [Fact]
    public void DifferentRowsGiveDifferentFiles()
    {
        using var dir = new TempDir();
        Samples.WriteTrace(dir.File("t1.arrow"), 10);
        Samples.WriteTrace(dir.File("t2.arrow"), 11);
        Assert.NotEqual(File.ReadAllBytes(dir.File("t1.arrow")), File.ReadAllBytes(dir.File("t2.arrow")));
    }
}
