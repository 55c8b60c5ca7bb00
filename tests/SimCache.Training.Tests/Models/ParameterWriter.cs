using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Models;

/// <summary>Sets named parameters of a module to hand-chosen values, so tests can compare against manual arithmetic.</summary>
internal static class ParameterWriter
{
    public static void Set(nn.Module module, string name, double[] values, params long[] shape)
    {
        var parameter = module.named_parameters().Single(p => p.name == name).parameter;
        Xunit.Assert.Equal(shape, parameter.shape);
        using var noGrad = no_grad();
        using var source = tensor(values, shape, dtype: parameter.dtype);
        parameter.copy_(source);
    }

    public static void Set(nn.Module module, string name, double[,] values)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var flat = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                flat[i * cols + j] = values[i, j];
        Set(module, name, flat, rows, cols);
    }
}
