using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// The first encoder layer (a Linear from items to hidden) with its weight held item-major: items × hidden, row i being
/// item i's column of the usual hidden × items weight. The sparse input path reads one weight row per non-zero and its
/// gradient (the sparse input's transpose times the output gradient) is item-major too, so neither the forward nor the
/// backward transposes the largest tensor of the model on every batch, as a Linear's layout would force. The layout
/// is an in-memory matter only: a model's state dictionary and checkpoint carry the weight as the reference's
/// hidden × items <c>fc1.weight</c> / <c>q1.weight</c> (see <see cref="OfficialLayout"/>).
/// </summary>
public sealed class ItemMajorLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;

    /// <summary>Initialised exactly as <c>nn.Linear(items, hidden)</c>: the same random draws in the same order.</summary>
    public ItemMajorLinear(long items, long hidden) : base(nameof(ItemMajorLinear))
    {
        if (items <= 0) throw new ArgumentOutOfRangeException(nameof(items));
        if (hidden <= 0) throw new ArgumentOutOfRangeException(nameof(hidden));
        Items = items;
        Hidden = hidden;
        Tensor weight, bias;
        using (var reference = nn.Linear(items, hidden))
        using (no_grad())
        {
            weight = reference.weight!.detach().t().contiguous().DetachFromDisposeScope();
            bias = reference.bias!.detach().clone().DetachFromDisposeScope();
        }
        _weight = (Parameter)new Parameter(weight, requires_grad: true).DetachFromDisposeScope();
        _bias = (Parameter)new Parameter(bias, requires_grad: true).DetachFromDisposeScope();
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
    }

    public long Items { get; }

    public long Hidden { get; }

    /// <summary>The weight, items × hidden (the live parameter: do not dispose).</summary>
    public Parameter Weight => _weight;

    /// <summary>The bias, one per hidden unit (the live parameter: do not dispose).</summary>
    public Parameter Bias => _bias;

    /// <summary>x·W + b for a dense batch × items input: what a Linear computes, without transposing W.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return ScalarOps.Add(x.mm(_weight), _bias).MoveToOuterDisposeScope();
    }
}
