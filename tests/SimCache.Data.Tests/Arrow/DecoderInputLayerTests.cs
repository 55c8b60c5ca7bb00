using Apache.Arrow;
using Apache.Arrow.Ipc;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

/// <summary>
/// A decoder's input layer (latent → the rows' input) round-trips bit for bit through the file's schema metadata,
/// and a layer that is incomplete, malformed or of the wrong width is refused naming the file and the key.
/// </summary>
public sealed class DecoderInputLayerTests
{
    private const int Width = 5, Latent = 3, Items = 9;

    /// <summary>Values that text would not keep exactly: thirds, a subnormal, −0, the largest float.</summary>
    private static DecoderInputLayer Layer()
    {
        var w = new float[Width * Latent];
        for (int i = 0; i < w.Length; i++) w[i] = (i - 7) / 3f;
        w[4] = float.Epsilon;
        w[5] = -0f;
        w[6] = float.MaxValue;
        var b = new float[Width];
        for (int j = 0; j < Width; j++) b[j] = 0.1f * j - 1f / 7;
        return new DecoderInputLayer(Width, Latent, w, b, DecoderInputLayer.Tanh);
    }

    private static void Write(string path, DecoderInputLayer? layer, IReadOnlyDictionary<string, string>? extra = null)
    {
        using var w = new DecoderFileWriter(path, Width, Provenance.For("simcache test", 7), extra, batchRows: 4, inputLayer: layer);
        for (int i = 0; i < Items; i++) w.Append(i, Samples.ItemId(i), Samples.Vector(i, Width), Samples.Bias(i));
        w.Complete();
    }

    /// <summary>Copies <paramref name="source"/> with its schema metadata changed by <paramref name="edit"/> (as another tool might write it).</summary>
    private static void Rewrite(string source, string path, Action<Dictionary<string, string>> edit)
    {
        using var input = File.OpenRead(source);
        using var reader = new ArrowFileReader(input);
        var schema = reader.Schema;
        var meta = new Dictionary<string, string>(schema.Metadata);
        edit(meta);
        var outSchema = new Schema(schema.FieldsList, meta);
        using var fs = File.Create(path);
        using var w = new ArrowFileWriter(fs, outSchema);
        while (reader.ReadNextRecordBatch() is { } b)
            using (b)
                w.WriteRecordBatch(new RecordBatch(outSchema, Enumerable.Range(0, b.ColumnCount).Select(b.Column), b.Length));
        w.WriteEnd();
    }

    [Fact]
    public void TheInputLayerRoundTripsBitForBit()
    {
        using var dir = new TempDir();
        var path = dir.File("d.arrow");
        var layer = Layer();
        Write(path, layer);

        var d = DecoderFileReader.ReadAll(path, expectedDimension: Latent);
        Assert.Equal(Width, d.Dimension);
        Assert.Equal(Latent, d.InputDimension);
        var read = Assert.IsType<DecoderInputLayer>(d.InputLayer);
        Assert.Equal(Width, read.Width);
        Assert.Equal(Latent, read.Input);
        Assert.Equal("tanh", read.Activation);
        Assert.Equal(layer.Weights.Select(BitConverter.SingleToInt32Bits), read.Weights.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(layer.Bias.Select(BitConverter.SingleToInt32Bits), read.Bias.Select(BitConverter.SingleToInt32Bits));
        // The rows are untouched by the layer.
        Assert.Equal(Enumerable.Range(0, Items).SelectMany(i => Samples.Vector(i, Width)).ToArray(), d.Weights);

        using var r = DecoderFileReader.Open(path);
        Assert.Equal("tanh", r.Metadata[DecoderInputLayer.ActivationKey]);
        Assert.Equal("5x3", r.Metadata[DecoderInputLayer.ShapeKey]);
        Assert.Equal(Latent, r.InputDimension);
        // Little-endian float32: the first weight, (0 − 7)/3, is its own 4 bytes.
        var bytes = Convert.FromBase64String(r.Metadata[DecoderInputLayer.WeightKey]);
        Assert.Equal(4 * Width * Latent, bytes.Length);
        Assert.Equal(-7 / 3f, BitConverter.ToSingle(bytes, 0));

        // The trace's dimension is the latent size the layer reads, not the rows' width.
        var ex = Assert.Throws<DataFormatException>(() => DecoderFileReader.ReadAll(path, expectedDimension: Width));
        Assert.Contains("input layer reads points of dimension 3, expected 5", ex.Message);

        // data info shows the layer's size, not its bytes.
        var text = ArrowFileInfo.Inspect(path).ToString();
        Assert.Contains("simcache.decoder_input_layer = tanh", text);
        Assert.DoesNotContain(r.Metadata[DecoderInputLayer.WeightKey], text);
    }

    [Fact]
    public void ADecoderWithoutALayerHasNone()
    {
        using var dir = new TempDir();
        var path = dir.File("d.arrow");
        Write(path, null);
        var d = DecoderFileReader.ReadAll(path, expectedDimension: Width);
        Assert.Null(d.InputLayer);
        Assert.Equal(Width, d.InputDimension);
        Assert.DoesNotContain(DecoderInputLayer.ActivationKey, ArrowFileInfo.Inspect(path).Metadata.Keys);
    }

    [Fact]
    public void TheWriterRefusesALayerOfAnotherWidthOrGivenAsMetadata()
    {
        using var dir = new TempDir();
        var layer = Layer();
        Assert.Throws<ArgumentException>(() => new DecoderFileWriter(dir.File("a.arrow"), Width + 1, Provenance.For("t", null), inputLayer: layer));
        var meta = new Dictionary<string, string> { [DecoderInputLayer.ActivationKey] = "tanh" };
        Assert.Throws<ArgumentException>(() => new DecoderFileWriter(dir.File("b.arrow"), Width, Provenance.For("t", null), meta, inputLayer: layer));
        Assert.False(File.Exists(dir.File("a.arrow")));
        Assert.Throws<ArgumentException>(() => new DecoderInputLayer(2, 2, new float[3], new float[2], "tanh"));
        Assert.Throws<ArgumentException>(() => new DecoderInputLayer(2, 2, new float[4], new float[2], "relu"));
        Assert.Throws<ArgumentException>(() => new DecoderInputLayer(2, 2, [0, float.NaN, 0, 0], new float[2], "tanh"));
    }

    [Theory]
    [InlineData("activation", "is 'relu'")]
    [InlineData("shape-width", "has 6 units, but the item rows have 5")]
    [InlineData("shape-text", "expected '<width>x<input>'")]
    [InlineData("weight-length", "expected 15 float32 values")]
    [InlineData("weight-base64", "is not base64")]
    [InlineData("bias-nan", "is NaN")]
    [InlineData("no-bias", "no simcache.decoder_input_layer.bias")]
    [InlineData("no-activation", "but no simcache.decoder_input_layer;")]
    public void TheReaderRefusesABrokenLayerNamingTheFile(string damage, string message)
    {
        using var dir = new TempDir();
        var good = dir.File("good.arrow");
        Write(good, Layer());
        var bad = dir.File("bad.arrow");
        Rewrite(good, bad, m =>
        {
            switch (damage)
            {
                case "activation": m[DecoderInputLayer.ActivationKey] = "relu"; break;
                case "shape-width": m[DecoderInputLayer.ShapeKey] = "6x3"; break;
                case "shape-text": m[DecoderInputLayer.ShapeKey] = "5 by 3"; break;
                case "weight-length": m[DecoderInputLayer.WeightKey] = Convert.ToBase64String(new byte[4 * 14]); break;
                case "weight-base64": m[DecoderInputLayer.WeightKey] = "not base64!"; break;
                case "bias-nan":
                    var b = new float[Width];
                    b[2] = float.NaN;
                    m[DecoderInputLayer.BiasKey] = Convert.ToBase64String(b.SelectMany(BitConverter.GetBytes).ToArray());
                    break;
                case "no-bias": m.Remove(DecoderInputLayer.BiasKey); break;
                case "no-activation": m.Remove(DecoderInputLayer.ActivationKey); break;
            }
        });
        Assert.Equal(Latent, DecoderFileReader.ReadAll(good).InputDimension); // the copy machinery itself keeps a good file good
        var ex = Assert.Throws<DataFormatException>(() => DecoderFileReader.ReadAll(bad));
        Assert.Contains(message, ex.Message);
        Assert.Contains(bad, ex.Message);
        Assert.Throws<DataFormatException>(() => ArrowFileInfo.Inspect(bad));
    }
}
