using System.Diagnostics;
using static TorchSharp.torch;

namespace SimCache.Training.Training;

/// <summary>
/// Where a training run's time goes, per <see cref="TrainingPart"/>: what <c>simcache bench train</c> reports. CPU
/// tensor operations run synchronously on the calling thread, so a stopwatch lap between two points of the forward
/// pass is the time of the operations between them. The backward pass is one native call; <see cref="Mark"/> can
/// wrap a tensor in a marker whose backward notes the time, splitting it by part as well (see
/// <see cref="BackwardMarker"/>). Null everywhere in normal training: no cost there.
/// </summary>
public sealed class TrainingProfile
{
    private readonly double[] _seconds = new double[Enum.GetValues<TrainingPart>().Length];
    private readonly double[] _cpuSeconds = new double[Enum.GetValues<TrainingPart>().Length];
    private long _mark = Stopwatch.GetTimestamp();
    private double _cpuMark = ThreadCpu.Seconds();

    /// <summary>Seconds attributed to <paramref name="part"/> so far.</summary>
    public double Seconds(TrainingPart part) => _seconds[(int)part];

    /// <summary>
    /// CPU seconds of the calling thread attributed to <paramref name="part"/>: on a machine shared with other work this
    /// is the steadier figure (with one torch thread all the work runs on the calling thread).
    /// </summary>
    public double CpuSeconds(TrainingPart part) => _cpuSeconds[(int)part];

    /// <summary>Resets the lap start to now (the time since the last lap is attributed to nothing).</summary>
    public void Restart()
    {
        _mark = Stopwatch.GetTimestamp();
        _cpuMark = ThreadCpu.Seconds();
    }

    /// <summary>Attributes the time since the last lap to <paramref name="part"/>.</summary>
    public void Lap(TrainingPart part)
    {
        long now = Stopwatch.GetTimestamp();
        double cpu = ThreadCpu.Seconds();
        _seconds[(int)part] += Stopwatch.GetElapsedTime(_mark, now).TotalSeconds;
        _cpuSeconds[(int)part] += cpu - _cpuMark;
        _mark = now;
        _cpuMark = cpu;
    }

    /// <summary>
    /// Attributes the time since the last lap to <paramref name="part"/>, whose output is <paramref name="output"/>,
    /// and returns the tensor to use from here on: marked so that the backward time of <paramref name="consumer"/>,
    /// the part that reads it, ends when its gradient arrives.
    /// </summary>
    public Tensor Lap(TrainingPart part, Tensor output, TrainingPart consumer)
    {
        Lap(part);
        return Mark(output, consumer);
    }

    /// <summary><paramref name="output"/> marked as the input of <paramref name="consumer"/> for the backward split.</summary>
    public Tensor Mark(Tensor output, TrainingPart consumer)
    {
        if (!output.requires_grad) return output;
        var marked = BackwardMarker.apply(output, this, consumer);
        Restart(); // the marker's own cost is nobody's
        return marked;
    }

    /// <summary>
    /// Runs <paramref name="loss"/>.backward(), splitting its time by part: each marked tensor's gradient arriving ends
    /// the backward of the part that consumed it; what follows the last one belongs to the part that produced it
    /// (the decoder after the likelihood, the encoder's later layers after the decoder, the input layer after those).
    /// </summary>
    public void Backward(Tensor loss)
    {
        _last = null;
        Restart();
        loss.backward();
        Lap(_last switch
        {
            null => TrainingPart.Loss,
            TrainingPart.Loss => TrainingPart.Decoder,
            TrainingPart.Decoder => TrainingPart.Encoder,
            _ => TrainingPart.InputLayer,
        });
    }

    private TrainingPart? _last;

    internal void BackwardReached(TrainingPart consumer)
    {
        Lap(consumer);
        _last = consumer;
    }

    /// <summary>Adds <paramref name="seconds"/> to <paramref name="part"/> (time measured elsewhere).</summary>
    public void Add(TrainingPart part, double seconds) => _seconds[(int)part] += seconds;
}
