using SimCache.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Models;

/// <summary>Sets named parameters of a module to hand-chosen values, so tests can compare against manual arithmetic.
/// Values are given in the reference's layout: an item-major first layer's weight as hidden × items.</summary>
internal static class ParameterWriter
{
    public static void Set(nn.Module module, string name, double[] values, params long[] shape)
    {
        var parameter = module.named_parameters().Single(p => p.name == name).parameter;
        bool itemMajor = module.named_modules().Any(m => m.module is ItemMajorLinear && $"{m.name}.weight" == name);
        Xunit.Assert.Equal(shape, itemMajor ? parameter.shape.Reverse() : parameter.shape);
        using var noGrad = no_grad();
        using var source = tensor(values, shape, dtype: parameter.dtype);
        parameter.copy_(itemMajor ? source.t() : source);
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
