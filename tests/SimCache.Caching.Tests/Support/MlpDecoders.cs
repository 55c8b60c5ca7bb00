using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Caching.Tests.Support;

/// <summary>
/// Random two-layer decoders like Mult-VAE's (scores = W₂ tanh(W₁ z + b₁) + b₂), written through the decoder file
/// so they come back as the cache stage reads them, and their scores in double precision computed naively.
/// </summary>
public static class MlpDecoders
{
    /// <summary>
    /// A decoder of <paramref name="items"/> items over a <paramref name="width"/>-unit tanh layer on
    /// <paramref name="latent"/>-d points; <paramref name="withLayer"/> false writes the same rows without the layer
    /// (a decoder linear in the hidden space).
    /// </summary>
    public static DecoderWeights Write(TempDir dir, string name, int items, int width, int latent, int seed, bool withLayer = true)
    {
        var rng = new Random(seed);
        float N(double scale) => (float)(scale * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var w1 = new float[width * latent];
        for (int i = 0; i < w1.Length; i++) w1[i] = N(1 / Math.Sqrt(latent));
        var b1 = new float[width];
        for (int i = 0; i < width; i++) b1[i] = N(0.3);
        var layer = new DecoderInputLayer(width, latent, w1, b1, DecoderInputLayer.Tanh);
        string path = dir.File(name);
        using (var w = new DecoderFileWriter(path, width, Provenance.For("test", seed), batchRows: 64, inputLayer: withLayer ? layer : null))
        {
            var row = new float[width];
            for (int i = 0; i < items; i++)
            {
                for (int j = 0; j < width; j++) row[j] = N(1);
                w.Append(i, "i" + i, row, N(0.5));
            }
            w.Complete();
        }
        return DecoderFileReader.ReadAll(path);
    }

    /// <summary>The decoder's scores of <paramref name="z"/> in double: the hidden layer (if any) by Math.Tanh, then the rows.</summary>
    public static double[] NaiveScores(DecoderWeights dec, ReadOnlySpan<float> z)
    {
        var h = new double[dec.Dimension];
        if (dec.InputLayer is { } l)
            for (int j = 0; j < l.Width; j++)
            {
                double s = l.Bias[j];
                for (int k = 0; k < l.Input; k++) s += (double)l.Weights[j * l.Input + k] * z[k];
                h[j] = Math.Tanh(s);
            }
        else
            for (int j = 0; j < h.Length; j++) h[j] = z[j];
        var scores = new double[dec.Items];
        for (int i = 0; i < dec.Items; i++)
        {
            double s = dec.Bias[i];
            for (int j = 0; j < h.Length; j++) s += (double)dec.Weights[i * dec.Dimension + j] * h[j];
            scores[i] = s;
        }
        return scores;
    }

    /// <summary>The top <paramref name="n"/> of <see cref="NaiveScores"/>, ties to the lower item.</summary>
    public static int[] NaiveTop(DecoderWeights dec, ReadOnlySpan<float> z, int n) =>
        NaiveScores(dec, z).Select((s, i) => (s, i)).OrderByDescending(x => x.s).ThenBy(x => x.i).Take(n).Select(x => x.i).ToArray();
}
