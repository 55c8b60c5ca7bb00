using System.Globalization;
using System.Runtime.InteropServices;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// The layer a decoder applies to a latent point before its item rows: <c>h = act(W₁ z + b₁)</c>, so that item
/// <c>i</c> scores <c>w_i·h + b_i</c>. A model whose decoder is deeper than one linear layer (Mult-VAE:
/// W₂ tanh(W₁ z + b₁) + b₂) needs it for a cache to rank items for a point no user stands on; without it the
/// decoder file would only score the hidden vectors the trace does not hold.
/// <para>
/// <b>In the file.</b> The item rows are one row per item, the layer is one matrix for the whole file, so it
/// lives in the schema metadata, written once whatever the item count: <see cref="ActivationKey"/> names the
/// activation (its presence says the decoder has an input layer), <see cref="ShapeKey"/> is
/// <c>"{width}x{input}"</c>, <see cref="WeightKey"/> the <c>width × input</c> matrix row-major and
/// <see cref="BiasKey"/> the <c>width</c> biases, both as little-endian float32 in base64 (exact, unlike decimal
/// text). The layer's width equals the decoder's <c>simcache.dimension</c>, the length of every item row.
/// </para>
/// </summary>
public sealed class DecoderInputLayer
{
    public const string ActivationKey = "simcache.decoder_input_layer";
    public const string ShapeKey = "simcache.decoder_input_layer.shape";
    public const string WeightKey = "simcache.decoder_input_layer.weight";
    public const string BiasKey = "simcache.decoder_input_layer.bias";

    /// <summary>The hyperbolic tangent, element-wise (Mult-VAE's hidden layers).</summary>
    public const string Tanh = "tanh";

    /// <summary>The activations a reader can apply.</summary>
    public static IReadOnlyList<string> Activations { get; } = [Tanh];

    /// <summary>
    /// A layer of <paramref name="width"/> units over <paramref name="input"/> coordinates; <paramref name="weights"/>
    /// is row-major <c>width × input</c> (torch's <c>Linear(input → width).weight</c>). Wrong lengths, non-finite
    /// values or an unknown activation are an <see cref="ArgumentException"/> (a producer bug).
    /// </summary>
    public DecoderInputLayer(int width, int input, float[] weights, float[] bias, string activation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(input, 1);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (weights.LongLength != (long)width * input)
            throw new ArgumentException($"input layer weights hold {weights.Length} floats, expected {width}×{input}", nameof(weights));
        if (bias.Length != width)
            throw new ArgumentException($"input layer bias holds {bias.Length} floats, expected {width}", nameof(bias));
        if (!Activations.Contains(activation))
            throw new ArgumentException($"activation '{activation}' is not one of {string.Join(", ", Activations)}", nameof(activation));
        int bad = FiniteCheck.IndexOfNonFinite(weights);
        if (bad >= 0) throw new ArgumentException($"input layer weight {bad} is {FiniteCheck.Describe(weights[bad])}; it must be finite", nameof(weights));
        bad = FiniteCheck.IndexOfNonFinite(bias);
        if (bad >= 0) throw new ArgumentException($"input layer bias {bad} is {FiniteCheck.Describe(bias[bad])}; it must be finite", nameof(bias));
        Width = width;
        Input = input;
        Weights = weights;
        Bias = bias;
        Activation = activation;
    }

    /// <summary>Units of the layer: the length of the decoder's item rows.</summary>
    public int Width { get; }

    /// <summary>Coordinates of the points it reads: the latent size of the trace it answers for.</summary>
    public int Input { get; }

    /// <summary>Row-major <c>Width × Input</c>: unit <c>j</c> is <c>[j*Input, (j+1)*Input)</c>.</summary>
    public float[] Weights { get; }

    /// <summary>One bias per unit.</summary>
    public float[] Bias { get; }

    /// <summary>The element-wise activation applied after <c>W₁ z + b₁</c> (one of <see cref="Activations"/>).</summary>
    public string Activation { get; }

    /// <summary>The layer as schema metadata entries.</summary>
    public void AddTo(IDictionary<string, string> metadata)
    {
        metadata[ActivationKey] = Activation;
        metadata[ShapeKey] = string.Create(CultureInfo.InvariantCulture, $"{Width}x{Input}");
        metadata[WeightKey] = Encode(Weights);
        metadata[BiasKey] = Encode(Bias);
    }

    /// <summary>True for the metadata keys of the layer (so a display can elide the matrices).</summary>
    public static bool IsLayerKey(string key) => key is ActivationKey or ShapeKey or WeightKey or BiasKey;

    /// <summary>
    /// The layer a decoder file carries, null when it has none (<see cref="ActivationKey"/> absent). Any part
    /// missing or malformed, a width other than the item rows' <paramref name="rowDimension"/>, or a non-finite
    /// value is a <see cref="DataFormatException"/> naming <paramref name="path"/> and the key.
    /// </summary>
    public static DecoderInputLayer? Read(string path, IReadOnlyDictionary<string, string> metadata, int rowDimension)
    {
        if (!metadata.TryGetValue(ActivationKey, out var activation))
        {
            foreach (var key in new[] { ShapeKey, WeightKey, BiasKey })
                if (metadata.ContainsKey(key))
                    throw new DataFormatException(path, $"metadata has {key} but no {ActivationKey}; the file was altered or written by another tool");
            return null;
        }
        if (!Activations.Contains(activation))
            throw new DataFormatException(path, $"metadata {ActivationKey} is '{activation}', expected one of {string.Join(", ", Activations)}");
        string Need(string key) => metadata.TryGetValue(key, out var v)
            ? v
            : throw new DataFormatException(path, $"metadata has {ActivationKey} but no {key}; the decoder's input layer is incomplete");
        var shape = Need(ShapeKey);
        var parts = shape.Split('x');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width) || width < 1
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int input) || input < 1)
            throw new DataFormatException(path, $"metadata {ShapeKey} is '{shape}', expected '<width>x<input>' with positive integers");
        if (width != rowDimension)
            throw new DataFormatException(path, $"metadata {ShapeKey} says the input layer has {width} units, but the item rows have {rowDimension} weights; they must agree");
        if ((long)width * input > System.Array.MaxLength)
            throw new DataFormatException(path, $"metadata {ShapeKey} is '{shape}', too large to load");
        var weights = Decode(path, WeightKey, Need(WeightKey), width * input);
        var bias = Decode(path, BiasKey, Need(BiasKey), width);
        return new DecoderInputLayer(width, input, weights, bias, activation);
    }

    private static string Encode(float[] values)
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (!BitConverter.IsLittleEndian)
        {
            var copy = bytes.ToArray();
            for (int i = 0; i < copy.Length; i += 4) copy.AsSpan(i, 4).Reverse();
            return Convert.ToBase64String(copy);
        }
        return Convert.ToBase64String(bytes);
    }

    private static float[] Decode(string path, string key, string text, int count)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new DataFormatException(path, $"metadata {key} is not base64");
        }
        if (bytes.Length != (long)count * sizeof(float))
            throw new DataFormatException(path, $"metadata {key} holds {bytes.Length} bytes, expected {count} float32 values ({(long)count * sizeof(float)} bytes) as {ShapeKey} says");
        if (!BitConverter.IsLittleEndian)
            for (int i = 0; i < bytes.Length; i += 4) bytes.AsSpan(i, 4).Reverse();
        var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        int bad = FiniteCheck.IndexOfNonFinite(values);
        if (bad >= 0)
            throw new DataFormatException(path, $"metadata {key} value {bad} is {FiniteCheck.Describe(values[bad])}; the input layer must be finite");
        return values;
    }
}
