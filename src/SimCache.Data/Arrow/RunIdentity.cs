using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Which trained run, and which item catalogue, an Arrow file belongs to, stamped in its schema metadata by
/// every file a run produces (embeddings, decoder, trace). A trace and a decoder are only meaningful together
/// when they come from the same model: a decoder of another run ranks the same item ids by other weights and
/// still "answers", so a mismatch would otherwise show up as nothing but a wrong hit ratio.
/// </summary>
/// <param name="RunId">sha256 of the run's model checkpoint (the best epoch's model.bin): identical for a reproduced run, different for any other.</param>
/// <param name="Items">The number of items the model ranks.</param>
/// <param name="ItemSetSha256">sha256 of the data set's original item ids in dense-index order, one per line.</param>
/// <param name="DecoderInput">What a decoder's weights are applied to: <see cref="LatentInput"/> (the latent point the trace holds) or <see cref="HiddenInput"/>.</param>
public sealed record RunIdentity(string RunId, int Items, string ItemSetSha256, string DecoderInput = RunIdentity.LatentInput)
{
    public const string RunIdKey = "simcache.run_id";
    public const string ItemsKey = "simcache.items";
    public const string ItemSetKey = "simcache.item_set_sha256";
    public const string DecoderInputKey = "simcache.decoder_input";

    /// <summary>
    /// The decoder reads the latent point: answers = top-N of W z + b for the trace's own vectors, or of
    /// W h + b with h = act(W₁ z + b₁) when the file carries its <see cref="DecoderInputLayer"/>.
    /// </summary>
    public const string LatentInput = "latent";

    /// <summary>
    /// The decoder is the model's output layer alone over its last hidden layer (Mult-VAE: W₂ tanh(W₁ z + b₁) + b₂
    /// without W₁, b₁), as Mult-VAE runs wrote it before decoders carried their input layer: it cannot score a latent point.
    /// </summary>
    public const string HiddenInput = "hidden";

    /// <summary>The first 12 hex digits of the run id, for messages.</summary>
    public string ShortRunId => RunId[..Math.Min(12, RunId.Length)];

    /// <summary>The identity as schema metadata entries (added to a writer's extra metadata).</summary>
    public void AddTo(IDictionary<string, string> metadata, bool decoder = false)
    {
        metadata[RunIdKey] = RunId;
        metadata[ItemsKey] = Items.ToString(CultureInfo.InvariantCulture);
        metadata[ItemSetKey] = ItemSetSha256;
        if (decoder) metadata[DecoderInputKey] = DecoderInput;
    }

    /// <summary>
    /// The identity a file carries; null for a file written before files carried one (no <see cref="RunIdKey"/>).
    /// A file carrying part of it, or an unreadable item count, is refused naming <paramref name="path"/>.
    /// </summary>
    public static RunIdentity? Read(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(RunIdKey, out var runId)) return null;
        if (!metadata.TryGetValue(ItemsKey, out var itemsText) || !metadata.TryGetValue(ItemSetKey, out var itemSet))
            throw new DataFormatException(path, $"carries {RunIdKey} but not {ItemsKey} and {ItemSetKey}; the file was altered or written by another tool");
        if (!int.TryParse(itemsText, NumberStyles.None, CultureInfo.InvariantCulture, out int items) || items < 1)
            throw new DataFormatException(path, $"metadata {ItemsKey} is '{itemsText}', expected a positive item count");
        var input = metadata.TryGetValue(DecoderInputKey, out var i) ? i : LatentInput;
        return new RunIdentity(runId, items, itemSet, input);
    }

    /// <summary>sha256 of the item ids in dense-index order, one per line (UTF-8).</summary>
    public static string ItemSetHash(IReadOnlyList<string> itemIds)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in itemIds) sha.AppendData(Encoding.UTF8.GetBytes(id + "\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>sha256 of a file's bytes (the run id is that of the model checkpoint).</summary>
    public static string FileHash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
