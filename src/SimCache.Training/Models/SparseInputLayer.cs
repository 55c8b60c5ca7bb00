using SimCache.Training.Data;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// The first encoder layer of RecVAE and Mult-VAE (a Linear from items to hidden) applied to a sparse binary batch.
/// The dense product costs batch × items × hidden multiply-adds, nearly all of them with a zero input; here the batch
/// is a sparse COO matrix and the product reads one row of the item-major weight per non-zero. Autograd carries the
/// weight gradient (the sparse transpose times the output gradient, items × hidden like the weight), which is non-zero
/// only in the rows of the batch's items; it arrives as a dense gradient so the Adam update, which also decays the
/// moments of rows without a gradient, stays exactly the reference's dense Adam.
/// </summary>
internal static class SparseInputLayer
{
    /// <summary>fc(x) for the batch's rows with <paramref name="values"/> at the non-zeros (batch × hidden).</summary>
    public static Tensor Forward(ItemMajorLinear fc, SparseBatch batch, Tensor values)
    {
        if (batch.DensePath) return fc.forward(batch.ToDense(values));
        using var scope = NewDisposeScope();
        var product = batch.ToSparse(values).mm(fc.Weight); // the weight rows of the batch's items, contiguous
        return ScalarOps.Add(product, fc.Bias).MoveToOuterDisposeScope();
    }
}
