using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimCache.Training.Training;

/// <summary>
/// Adam (Kingma and Ba; PyTorch's update rule, no weight decay, no AMSGrad) written with explicit, scoped
/// <see cref="Scalar"/>s. TorchSharp's own <c>optim.Adam</c> passes temporary Scalars created by implicit
/// conversion to native code; the garbage collector may finalize one during the call, which kills a long
/// training run at random ("INTERNAL ASSERT FAILED at c10/core/Scalar.h", seen here). Owning the update also
/// makes the optimizer state (step, first and second moments) ours to save for resuming a run. The update runs as one
/// fused pass over each parameter's memory (<see cref="AdamKernel"/>) instead of a chain of tensor operations.
/// </summary>
/// <remarks>
/// Between steps the gradients are released rather than zero-filled (<see cref="ZeroGrad"/>): the next backward pass
/// then hands its freshly computed gradient to the parameter instead of adding it into a zeroed one, two passes over
/// every gradient fewer. A parameter without a gradient in a step is updated with a zero gradient, as a zero-filled one
/// would be, so the moments of every parameter decay exactly as in the dense reference (with both moments still zero,
/// as before a parameter's first gradient, that update leaves every value exactly as it is).
/// </remarks>
public sealed class AdamOptimizer : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoment;
    private readonly Tensor[] _secondMoment;
    private readonly double _lr;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _eps;
    private float[]? _zeros;
    private readonly bool[] _savedTransposed;

    /// <param name="parameters">The parameters to update, in the order their state is saved.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="eps">Added to the corrected root second moment.</param>
    /// <param name="savedTransposed">Parameters held transposed in memory (an item-major first layer) whose moments
    /// <see cref="WriteState"/> writes, and <see cref="ReadState"/> reads, in the checkpoint's layout, so a saved
    /// state does not depend on how the parameter is held.</param>
    public AdamOptimizer(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        IEnumerable<Parameter>? savedTransposed = null)
    {
        if (!(lr > 0)) throw new ArgumentOutOfRangeException(nameof(lr));
        _parameters = parameters.ToArray();
        var transposed = (savedTransposed ?? []).Select(p => p.Handle).ToHashSet();
        _savedTransposed = _parameters.Select(p => transposed.Contains(p.Handle) && p.dim() == 2).ToArray();
        _lr = lr;
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
        using var noGrad = no_grad();
        _firstMoment = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _secondMoment = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>True if <paramref name="parameter"/> is one this optimiser updates.</summary>
    public bool Holds(Parameter parameter) => Array.Exists(_parameters, p => ReferenceEquals(p, parameter) || p.Handle == parameter.Handle);

    /// <summary>Updates done so far (PyTorch's per-parameter <c>step</c>; all parameters step together here).</summary>
    public long Steps { get; private set; }

    /// <summary>Releases every parameter's gradient (the next backward pass sets it afresh; see the remarks).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
            if (p.grad is not null) p.grad = null;
    }

    /// <summary>θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε), with m, v the running first and second moments.</summary>
    public void Step()
    {
        Steps++;
        var coefficients = AdamKernel.Coefficients.For(Steps, _lr, _beta1, _beta2, _eps);
        int threads = Math.Max(1, torch.get_num_threads());
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var grad = _parameters[i].grad;
            if (grad is not null && !grad.is_contiguous()) grad = grad.contiguous();
            Update(_parameters[i], grad, _firstMoment[i], _secondMoment[i], coefficients, threads);
        }
    }

    /// <summary>Elements per block when the update is split over threads (each element's result does not depend on it).</summary>
    private const int Block = 1 << 18;

    private void Update(Tensor parameter, Tensor? grad, Tensor first, Tensor second, AdamKernel.Coefficients c, int threads)
    {
        long n = parameter.numel();
        if (grad is null && (_zeros is null || _zeros.Length < Math.Min(n, Block))) _zeros = new float[Math.Min(n, Block)];
        int blocks = (int)((n + Block - 1) / Block);
        void Run(int b)
        {
            int start = b * Block, length = (int)Math.Min(Block, n - start);
            var p = MemoryMarshal.Cast<byte, float>(parameter.bytes).Slice(start, length);
            var g = grad is null ? _zeros.AsSpan(0, length) : MemoryMarshal.Cast<byte, float>(grad.bytes).Slice(start, length);
            var m = MemoryMarshal.Cast<byte, float>(first.bytes).Slice(start, length);
            var v = MemoryMarshal.Cast<byte, float>(second.bytes).Slice(start, length);
            AdamKernel.Step(p, g, m, v, c);
        }
        if (threads == 1 || blocks == 1)
            for (int b = 0; b < blocks; b++) Run(b);
        else
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, Run);
    }

    /// <summary>Writes the step count and both moments of every parameter, so a resumed run updates exactly as an
    /// uninterrupted one would.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(Steps);
        writer.Write(_parameters.Length);
        for (int i = 0; i < _parameters.Length; i++)
        {
            using var scope = NewDisposeScope();
            TensorState.Write(writer, Saved(i, _firstMoment[i]));
            TensorState.Write(writer, Saved(i, _secondMoment[i]));
        }
    }

    /// <summary>Restores a state written by <see cref="WriteState"/> for the same parameter shapes.</summary>
    public void ReadState(BinaryReader reader)
    {
        long steps = reader.ReadInt64();
        int count = reader.ReadInt32();
        if (steps < 0 || count != _parameters.Length)
            throw new InvalidDataException($"optimizer state holds {count} parameters, this model has {_parameters.Length}");
        for (int i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            TensorState.Read(reader, Saved(i, _firstMoment[i])); // into a transposed view: the values land in the moment
            TensorState.Read(reader, Saved(i, _secondMoment[i]));
        }
        Steps = steps;
    }

    /// <summary>A moment as it is saved: itself, or a transposed view for a parameter held transposed.</summary>
    private Tensor Saved(int i, Tensor moment) => _savedTransposed[i] ? moment.t() : moment;

    public void Dispose()
    {
        foreach (var t in _firstMoment) t.Dispose();
        foreach (var t in _secondMoment) t.Dispose();
    }
}
