using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace SimCache.Training.Tracing;

/// <summary>
/// A contiguous CPU float tensor's memory as a span, so the trace builder reads a product's output and writes the
/// next product's input in place, where <c>data().ToArray()</c> and <c>torch.tensor(array)</c> would copy.
/// TorchSharp's <c>bytes</c> is that view (from the tensor's first element), but only for a contiguous tensor,
/// which is checked here.
/// </summary>
internal static class TensorSpans
{
    /// <summary>The values of <paramref name="tensor"/>, valid while it lives and keeps its storage.</summary>
    public static Span<float> Floats(Tensor tensor)
    {
        if (tensor.dtype != ScalarType.Float32 || tensor.device_type != TorchSharp.DeviceType.CPU || !tensor.is_contiguous())
            throw new ArgumentException($"a contiguous float32 CPU tensor is needed, not {tensor.dtype} on {tensor.device_type} (contiguous: {tensor.is_contiguous()})", nameof(tensor));
        var values = MemoryMarshal.Cast<byte, float>(tensor.bytes);
        if (values.Length != tensor.numel()) throw new ArgumentException($"{tensor.numel()} values do not fit one span", nameof(tensor));
        return values;
    }
}
