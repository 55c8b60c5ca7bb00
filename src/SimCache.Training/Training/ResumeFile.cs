using System.Text;
using System.Text.Json;
using SimCache.Data.IO;
using SimCache.Data.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Training;

/// <summary>
/// <c>RUN/resume.bin</c>: everything a training run needs to continue after its last completed epoch as if it
/// had never stopped — the options and data set it was started with, the epoch records and best epoch so far,
/// the model (including RecVAE's frozen old posterior), both Adam states (steps and moments), the user shuffler's
/// MT19937 state and the current user order, torch's CPU generator state (dropout masks and the reparameterisation noise). Written
/// atomically after every epoch and removed when the run completes.
/// </summary>
internal sealed class ResumeFile
{
    public const string FileName = "resume.bin";
    private const string Magic = "simcache-resume/2";

    public required TrainOptions Options { get; init; }
    public required string Command { get; init; }
    public required string Dataset { get; init; }
    public required string DatasetSha256 { get; init; }
    public required int EpochsDone { get; init; }
    public required int BestEpoch { get; init; }
    public required double BestNdcg { get; init; }
    public required long Updates { get; init; }
    public required double Seconds { get; init; }
    public required IReadOnlyList<EpochRecord> Epochs { get; init; }

    /// <summary>Writes the progress, then the model, optimizer, shuffler and generator states.</summary>
    public void Save(string path, nn.Module model, AdamOptimizer encoder, AdamOptimizer decoder, NumpyRandomState shuffler, int[] userOrder) =>
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(JsonSerializer.Serialize(Options, RunMetrics.JsonOptions));
            w.Write(Command);
            w.Write(Dataset);
            w.Write(DatasetSha256);
            w.Write(EpochsDone);
            w.Write(BestEpoch);
            w.Write(BestNdcg);
            w.Write(Updates);
            w.Write(Seconds);
            w.Write(Epochs.Count);
            foreach (var e in Epochs)
            {
                w.Write(e.Epoch);
                w.Write(e.TrainLoss);
                w.Write(e.ValidationNdcg100);
                w.Write(e.Seconds);
                w.Write(e.EncoderUsersPerSecond);
            }
            shuffler.WriteState(w);
            w.Write(userOrder.Length); // each epoch shuffles the previous epoch's order in place, so the order is state too
            foreach (int u in userOrder) w.Write(u);
            using (var rng = torch.random.get_rng_state())
            {
                var bytes = rng.data<byte>().ToArray();
                w.Write(bytes.Length);
                w.Write(bytes);
            }
            encoder.WriteState(w);
            decoder.WriteState(w);
            model.save(w);
        });

    /// <summary>Reads the progress part; the reader is then positioned for <see cref="RestoreInto"/>.</summary>
    public static ResumeFile ReadHeader(BinaryReader r, string path)
    {
        try
        {
            if (r.ReadString() != Magic) throw new DataFormatException(path, "is not a SimCache resume file (simcache-resume/2)");
            var options = JsonSerializer.Deserialize<TrainOptions>(r.ReadString(), RunMetrics.JsonOptions)
                ?? throw new DataFormatException(path, "holds no training options");
            var command = r.ReadString();
            var dataset = r.ReadString();
            var sha = r.ReadString();
            int done = r.ReadInt32(), best = r.ReadInt32();
            double bestNdcg = r.ReadDouble();
            long updates = r.ReadInt64();
            double seconds = r.ReadDouble();
            int count = r.ReadInt32();
            if (done < 1 || count != done || best < 1 || best > done)
                throw new DataFormatException(path, $"is inconsistent: {done} epochs done, {count} epoch records, best epoch {best}");
            var epochs = new List<EpochRecord>(count);
            for (int i = 0; i < count; i++) epochs.Add(new EpochRecord(r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble()));
            return new ResumeFile
            {
                Options = options, Command = command, Dataset = dataset, DatasetSha256 = sha, EpochsDone = done, BestEpoch = best,
                BestNdcg = bestNdcg, Updates = updates, Seconds = seconds, Epochs = epochs,
            };
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or JsonException or InvalidDataException)
        {
            throw new DataFormatException(path, "is damaged or truncated: " + e.Message);
        }
    }

    /// <summary>Restores the states written by <see cref="Save"/> into freshly built objects of the same shapes.</summary>
    public static void RestoreInto(BinaryReader r, string path, nn.Module model, AdamOptimizer encoder, AdamOptimizer decoder, NumpyRandomState shuffler, int[] userOrder)
    {
        try
        {
            shuffler.ReadState(r);
            if (r.ReadInt32() != userOrder.Length) throw new InvalidDataException($"the saved user order does not hold the data set's {userOrder.Length} training users");
            var seen = new bool[userOrder.Length];
            var sorted = userOrder.Order().ToArray();
            for (int i = 0; i < userOrder.Length; i++)
            {
                int u = r.ReadInt32();
                int at = Array.BinarySearch(sorted, u);
                if (at < 0 || seen[at]) throw new InvalidDataException($"the saved user order is not a permutation of the training users (user {u})");
                seen[at] = true;
                userOrder[i] = u;
            }
            int length = r.ReadInt32();
            if (length < 0 || length > 1 << 20) throw new InvalidDataException($"generator state of {length} bytes");
            var bytes = r.ReadBytes(length);
            if (bytes.Length != length) throw new EndOfStreamException("the resume file ends inside the generator state");
            using (var state = torch.tensor(bytes, dtype: ScalarType.Byte)) torch.random.set_rng_state(state);
            encoder.ReadState(r);
            decoder.ReadState(r);
            model.load(r);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or InvalidDataException or ArgumentException)
        {
            throw new DataFormatException(path, "is damaged or truncated: " + e.Message);
        }
    }
}
