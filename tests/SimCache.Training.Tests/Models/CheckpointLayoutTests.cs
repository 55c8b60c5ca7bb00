using SimCache.Training.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Models;

/// <summary>
/// The first encoder layer is held item-major (items × hidden) in memory, but a checkpoint carries it as the
/// reference's hidden × items <c>fc1.weight</c> / <c>q1.weight</c>. The file is read back here by a minimal parser of
/// TorchSharp's format (entry count, then key, dtype, shape and raw values per entry), independent of the module code,
/// and every value is compared with the live parameters, transposing the first layer by index arithmetic.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CheckpointLayoutTests
{
    private const int Items = 13, Hidden = 6, Latent = 3;

    private static IRecommenderModel Build(string model, int seed)
    {
        manual_seed(seed);
        return model == "recvae" ? new RecVae(Items, Hidden, Latent) : new MultVae(Items, Hidden, Latent);
    }

    private static byte[] Save(IRecommenderModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) ((nn.Module)model).save(writer);
        return stream.ToArray();
    }

    /// <summary>TorchSharp writes counts, dtypes and sizes as LEB128 integers.</summary>
    private static long ReadLeb128(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    private static List<(string Key, long[] Shape, float[] Values)> Parse(byte[] file)
    {
        using var reader = new BinaryReader(new MemoryStream(file));
        long count = ReadLeb128(reader);
        var entries = new List<(string, long[], float[])>();
        for (long e = 0; e < count; e++)
        {
            string key = reader.ReadString();
            Assert.Equal(6, ReadLeb128(reader)); // ScalarType.Float32
            var shape = new long[ReadLeb128(reader)];
            for (int d = 0; d < shape.Length; d++) shape[d] = ReadLeb128(reader);
            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (int i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
            entries.Add((key, shape, values));
        }
        Assert.Equal(file.Length, reader.BaseStream.Position);
        return entries;
    }

    [Fact]
    public void TheItemMajorLayerIsInitialisedAsALinearOfTheSameShape()
    {
        manual_seed(7);
        using var linear = nn.Linear(Items, Hidden);
        using var next = rand(1);
        manual_seed(7);
        using var layer = new ItemMajorLinear(Items, Hidden);
        using var nextAfter = rand(1);
        Assert.Equal(new long[] { Items, Hidden }, layer.Weight.shape);
        var w = linear.weight!.data<float>().ToArray(); // hidden × items
        var t = layer.Weight.data<float>().ToArray(); // items × hidden
        for (int h = 0; h < Hidden; h++)
            for (int i = 0; i < Items; i++)
                Assert.Equal(w[h * Items + i], t[i * Hidden + h]);
        Assert.Equal(linear.bias!.data<float>().ToArray(), layer.Bias.data<float>().ToArray());
        Assert.Equal(next.item<float>(), nextAfter.item<float>()); // the same draws were consumed
    }

    [Theory]
    [InlineData("recvae")]
    [InlineData("multvae")]
    public void TheCheckpointCarriesTheFirstLayerHiddenByItems(string name)
    {
        using var model = Build(name, 3);
        var module = (nn.Module)model;
        var entries = Parse(Save(model));
        var firstLayers = module.named_modules().Where(m => m.module is ItemMajorLinear).ToList();
        Assert.NotEmpty(firstLayers);
        Assert.Contains(entries, e => e.Key == (name == "recvae" ? "encoder.fc1.weight" : "q1.weight"));
        if (name == "recvae") Assert.Contains(entries, e => e.Key == "prior.encoder_old.fc1.weight");
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        int transposed = 0;
        foreach (var (key, shape, values) in entries)
        {
            var layer = firstLayers.FirstOrDefault(m => $"{m.name}.weight" == key).module as ItemMajorLinear;
            if (layer is null)
            {
                if (!parameters.TryGetValue(key, out var p)) continue; // an alias TorchSharp keeps of a registered field
                Assert.Equal(p.shape, shape);
                Assert.Equal(p.data<float>().ToArray(), values);
                continue;
            }
            Assert.Equal(new long[] { Hidden, Items }, shape);
            var itemMajor = layer.Weight.data<float>().ToArray();
            for (int h = 0; h < Hidden; h++)
                for (int i = 0; i < Items; i++)
                    Assert.Equal(itemMajor[i * Hidden + h], values[h * Items + i]);
            transposed++;
        }
        Assert.True(transposed >= firstLayers.Count);
    }

    [Theory]
    [InlineData("recvae")]
    [InlineData("multvae")]
    public void SaveLoadSaveIsByteIdentical(string name)
    {
        using var original = Build(name, 4);
        if (original is RecVae r)
        {
            using (no_grad()) foreach (var p in r.Encoder.parameters()) p.add_(randn_like(p));
            r.UpdatePrior(); // the old encoder's fc1 differs from its initial value too
        }
        var first = Save(original);
        using var copy = Build(name, 5);
        Assert.NotEqual(first, Save(copy));
        ((nn.Module)copy).load(new BinaryReader(new MemoryStream(first)));
        Assert.Equal(first, Save(copy));
        var a = ((nn.Module)original).named_parameters().ToList();
        var b = ((nn.Module)copy).named_parameters().ToList();
        Assert.Equal(a.Select(p => p.name), b.Select(p => p.name));
        for (int k = 0; k < a.Count; k++) Assert.Equal(a[k].parameter.data<float>().ToArray(), b[k].parameter.data<float>().ToArray());

        // Loading by path (as the trainer reloads its best epoch and the tracer reads model.bin) goes the same way.
        var path = Path.Combine(Path.GetTempPath(), $"simcache-layout-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(path, first);
            using var fromFile = Build(name, 6);
            ((nn.Module)fromFile).load(path);
            Assert.Equal(first, Save(fromFile));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
