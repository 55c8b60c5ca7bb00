using System.Globalization;
using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Simulation.Running;

/// <summary>
/// Refuses a trace and a decoder that do not belong together, before anything is built or written. A decoder
/// from another run, or over another item set, still produces answers for every key; a knn-cache on such a
/// pair then "hits" on answers the trace's own model would never give (observed: a hit ratio of 1.0), so the
/// mismatch must be an error, not a number. Checked, in order: the decoder scores the trace's space (it reads the
/// latent point, directly or through its input layer; a Mult-VAE decoder written as its output layer alone reads
/// the last hidden layer, not the latent point a trace holds) and of the trace's dimension; both
/// files carry the same run identity and item set (<see cref="RunIdentity"/>); every item the trace's answers
/// name exists in the decoder.
/// </summary>
/// <remarks>
/// Files written before files carried a run identity are accepted with a warning, since the golden trace and
/// earlier experiments would otherwise become unusable; for them only the data set hash (which both always
/// carried) and the answers' item range are compared. Re-running <c>trace</c> stamps a trace from any run
/// folder, old or new; the decoder of an old run is stamped by retraining it.
/// </remarks>
public static class TraceDecoderPairing
{
    private const string DatasetKey = "simcache.dataset_sha256";

    public static void Check(string tracePath, string decoderPath, Action<string>? warn = null)
    {
        IReadOnlyDictionary<string, string> traceMeta, decoderMeta;
        long decoderItems;
        bool hasInputLayer;
        int decoderInputDimension;
        using (var decoder = DecoderFileReader.Open(decoderPath))
        {
            decoderMeta = decoder.Metadata;
            decoderItems = decoder.TotalRows;
            hasInputLayer = decoder.InputLayer is not null;
            decoderInputDimension = decoder.InputDimension;
        }
        using var trace = TraceFileReader.Open(tracePath, columns: TraceColumns.Answer);
        traceMeta = trace.Metadata;
        var t = RunIdentity.Read(tracePath, traceMeta);
        var d = RunIdentity.Read(decoderPath, decoderMeta);
        string both = $"--trace {tracePath} and --decoder {decoderPath}";

        if (d is not null)
        {
            if (d.Items != decoderItems)
                throw new DataFormatException(decoderPath, $"has {decoderItems} item rows, but its metadata {RunIdentity.ItemsKey} says {d.Items}");
            if (d.DecoderInput != RunIdentity.LatentInput && hasInputLayer)
                throw new DataFormatException(decoderPath, $"carries an input layer ({DecoderInputLayer.ActivationKey}) but its metadata {RunIdentity.DecoderInputKey} is '{d.DecoderInput}', not '{RunIdentity.LatentInput}'; the file was altered or written by another tool");
            if (d.DecoderInput != RunIdentity.LatentInput)
                throw new UsageException($"{both}: the decoder ({Model(decoderMeta)}) is the model's output layer over its {d.DecoderInput} layer, "
                    + "not a function of the latent points the trace holds, so it cannot answer for the trace's keys; knn-cache and gmm-placement need a decoder that maps the latent space to item scores "
                    + "(a recvae run's decoder.arrow, or a multvae run's written with its input layer: retrain the run to write one)");
        }
        if (t is not null && d is not null)
        {
            if (t.Items != d.Items || t.ItemSetSha256 != d.ItemSetSha256)
                throw new UsageException($"{both} rank different item sets (trace: {t.Items} items, sha256 {Short(t.ItemSetSha256)}…; decoder: {d.Items} items, sha256 {Short(d.ItemSetSha256)}…); use the decoder.arrow of the run the trace was made from");
            if (t.RunId != d.RunId)
                throw new UsageException($"{both} come from different runs (trace: run {t.ShortRunId}…, {Model(traceMeta)}; decoder: run {d.ShortRunId}…, {Model(decoderMeta)}); use the decoder.arrow of the run the trace was made from");
        }
        else
        {
            var old = t is null && d is null ? "both files were" : t is null ? $"{tracePath} was" : $"{decoderPath} was";
            warn?.Invoke($"{old} written without a run identity ({RunIdentity.RunIdKey}), so whether {both} come from the same run cannot be checked; "
                + "only their data set and the answers' item range are. Re-run 'simcache trace' (and 'simcache train' for an old decoder) to stamp them.");
            if (traceMeta.TryGetValue(DatasetKey, out var ts) && decoderMeta.TryGetValue(DatasetKey, out var ds) && ts != ds)
                throw new UsageException($"{both} come from different data sets (trace: {Short(ts)}…, decoder: {Short(ds)}…); use the decoder.arrow of the run the trace was made from");
        }
        if (trace.Dimension != decoderInputDimension)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"{both}: different dimensions: the trace holds {trace.Dimension}-d points, the decoder{(hasInputLayer ? "'s input layer" : "")} reads {decoderInputDimension}-d points; use the decoder.arrow of the run the trace was made from"));
        if (t is not null && t.Items != decoderItems)
            throw new UsageException($"{both}: the trace's model ranks {t.Items} items, the decoder holds {decoderItems}");
        if (trace.HasAnswer) CheckAnswers(trace, tracePath, decoderPath, decoderItems);
    }

    /// <summary>Every answer item must be a row of the decoder (items are dense indices 0 … items − 1).</summary>
    private static void CheckAnswers(TraceFileReader trace, string tracePath, string decoderPath, long decoderItems)
    {
        while (trace.ReadNextBatch() is { } b)
        {
            var offsets = b.AnswerOffsets;
            if (offsets.Length == 0) continue;
            var values = b.AnswerValues[offsets[0]..offsets[b.RowCount]];
            for (int i = 0; i < values.Length; i++)
            {
                int item = values[i];
                if (item < 0)
                    throw new DataFormatException(tracePath, $"an answer names item {item}; item indices are ≥ 0", b.FirstRow + RowOf(offsets, offsets[0] + i, b.RowCount));
                if (item >= decoderItems)
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                        $"--trace {tracePath}: row {b.FirstRow + RowOf(offsets, offsets[0] + i, b.RowCount)}'s answer names item {item}, but --decoder {decoderPath} has only {decoderItems} items; the two do not belong together"));
            }
        }
    }

    private static int RowOf(ReadOnlySpan<int> offsets, int valueIndex, int rows)
    {
        for (int r = 0; r < rows; r++)
            if (valueIndex < offsets[r + 1]) return r;
        return rows - 1;
    }

    /// <summary>True unless the decoder says it scores something other than the latent point (a Mult-VAE run's output layer written without its input layer).</summary>
    public static bool ScoresLatentPoints(string decoderPath)
    {
        using var decoder = DecoderFileReader.Open(decoderPath);
        return RunIdentity.Read(decoderPath, decoder.Metadata) is not { } d || d.DecoderInput == RunIdentity.LatentInput;
    }

    private static string Model(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue("simcache.model", out var m) ? "model " + m : "model unknown";

    private static string Short(string hash) => hash[..Math.Min(12, hash.Length)];
}
