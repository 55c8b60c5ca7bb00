using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimCache.Training.Training;

/// <summary>
/// Adam (Kingma and Ba; PyTorch's update rule, no weight decay, no AMSGrad) written with explicit, scoped
/// <see cref="Scalar"/>s. TorchSharp's own <c>optim.Adam</c> passes temporary Scalars created by implicit
/// conversion to native code; the garbage collector may finalize one during the call, which kills a long
/// training run at random ("INTERNAL ASSERT FAILED at c10/core/Scalar.h", seen here). Owning the update also
/// makes the optimizer state (step, first and second moments) ours to save for resuming a run.
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoment;
    private readonly Tensor[] _secondMoment;
    private readonly double _lr;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _eps;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        if (!(lr > 0)) throw new ArgumentOutOfRangeException(nameof(lr));
        _parameters = parameters.ToArray();
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

    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var p in _parameters) p.grad?.zero_();
    }

    /// <summary>θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε), with m, v the running first and second moments.</summary>
    public void Step()
    {
        Steps++;
        double bias1 = 1 - Math.Pow(_beta1, Steps), bias2 = 1 - Math.Pow(_beta2, Steps);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var beta1 = _beta1.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var sqrtBias2 = Math.Sqrt(bias2).ToScalar();
        using var eps = _eps.ToScalar();
        using var one = 1.0.ToScalar(); // add_(Scalar) alone would pass an implicit alpha
        using var negativeStep = (-_lr / bias1).ToScalar();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var grad = _parameters[i].grad;
            if (grad is null) continue;
            _firstMoment[i].mul_(beta1).add_(grad, alpha: oneMinusBeta1);
            _secondMoment[i].mul_(beta2).addcmul_(grad, grad, value: oneMinusBeta2);
            var denominator = _secondMoment[i].sqrt().div_(sqrtBias2).add_(eps, one);
            _parameters[i].addcdiv_(_firstMoment[i], denominator, value: negativeStep);
        }
    }

    /// <summary>Writes the step count and both moments of every parameter, so a resumed run updates exactly as an
    /// uninterrupted one would.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(Steps);
        writer.Write(_parameters.Length);
        for (int i = 0; i < _parameters.Length; i++)
        {
            TensorState.Write(writer, _firstMoment[i]);
            TensorState.Write(writer, _secondMoment[i]);
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
            TensorState.Read(reader, _firstMoment[i]);
            TensorState.Read(reader, _secondMoment[i]);
        }
        Steps = steps;
    }

    public void Dispose()
    {
        foreach (var t in _firstMoment) t.Dispose();
        foreach (var t in _secondMoment) t.Dispose();
    }
}
