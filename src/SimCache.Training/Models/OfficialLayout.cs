using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// Presents a model's <see cref="ItemMajorLinear"/> weights in the reference's hidden × items layout to everything that
/// goes through the state dictionary: TorchSharp's <c>save</c> writes what <c>state_dict</c> returns and <c>load</c> reads
/// into it, so a checkpoint stays byte for byte the official format (keys, shapes, values) while training reads the
/// item-major weight. <see cref="Export"/> swaps each such weight in a state dictionary for a transposed copy;
/// <see cref="Import"/> runs a load and copies what it wrote into those copies back into the live weights.
/// </summary>
/// <remarks>
/// The copies handed out by one <see cref="Export"/> stay valid until the next export or import of the same model, which
/// disposes them: a checkpoint is written once per epoch, and native memory must not wait for the garbage collector.
/// </remarks>
internal sealed class OfficialLayout : IDisposable
{
    private readonly List<(Tensor Copy, Parameter Target)> _exported = [];

    /// <summary>Replaces, in <paramref name="state"/>, every item-major weight under <paramref name="root"/> by a
    /// contiguous hidden × items copy (same key, same position).</summary>
    public Dictionary<string, Tensor> Export(nn.Module root, Dictionary<string, Tensor> state, string? prefix)
    {
        Release();
        var copies = new Dictionary<IntPtr, Tensor>(); // TorchSharp also lists a module under its field's name: one copy per weight
        foreach (var (name, module) in root.named_modules())
        {
            if (module is not ItemMajorLinear layer) continue;
            var key = string.IsNullOrEmpty(prefix) ? $"{name}.weight" : $"{prefix}.{name}.weight";
            if (!state.TryGetValue(key, out var current) || current.Handle != layer.Weight.Handle) continue;
            if (!copies.TryGetValue(layer.Weight.Handle, out var copy))
            {
                using (no_grad()) copy = layer.Weight.detach().t().contiguous().DetachFromDisposeScope();
                copies.Add(layer.Weight.Handle, copy);
                _exported.Add((copy, layer.Weight));
            }
            state[key] = copy;
        }
        return state;
    }

    /// <summary>Runs <paramref name="load"/> (which fills the copies of an <see cref="Export"/> it makes), then writes
    /// the loaded values into the item-major weights.</summary>
    public T Import<T>(Func<T> load)
    {
        Release();
        var result = load();
        using (no_grad())
        {
            foreach (var (copy, target) in _exported)
                target.copy_(copy.t());
        }
        Release();
        return result;
    }

    private void Release()
    {
        foreach (var (copy, _) in _exported) copy.Dispose();
        _exported.Clear();
    }

    public void Dispose() => Release();
}
