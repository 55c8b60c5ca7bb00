using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Training;

/// <summary>
/// Raw float32 tensor contents in a resume file: the shape, then the values bit for bit. Restoring copies into an
/// existing tensor of the same shape, so the parameter objects the optimizers hold stay the same.
/// </summary>
internal static class TensorState
{
    public static void Write(BinaryWriter writer, Tensor tensor)
    {
        if (tensor.dtype != ScalarType.Float32) throw new InvalidOperationException($"only float32 tensors are saved, not {tensor.dtype}");
        writer.Write(tensor.shape.Length);
        foreach (long size in tensor.shape) writer.Write(size);
        var values = tensor.detach().cpu().contiguous().data<float>().ToArray();
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public static void Read(BinaryReader reader, Tensor into)
    {
        int rank = reader.ReadInt32();
        if (rank != into.shape.Length) throw new InvalidDataException($"saved tensor has rank {rank}, expected {into.shape.Length}");
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            long size = reader.ReadInt64();
            if (size != into.shape[i]) throw new InvalidDataException($"saved tensor has shape dimension {size} at {i}, expected {into.shape[i]}");
            count *= size;
        }
        var values = new float[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        for (int read = 0; read < bytes.Length;)
        {
            int n = reader.Read(bytes[read..]);
            if (n == 0) throw new EndOfStreamException("the resume file ends inside a tensor");
            read += n;
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        into.copy_(torch.tensor(values, into.shape));
    }
}
