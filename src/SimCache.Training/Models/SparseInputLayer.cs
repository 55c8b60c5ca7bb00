using SimCache.Training.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimCache.Training.Models;

/// <summary>
/// The first encoder layer of RecVAE and Mult-VAE (a Linear from items to hidden) applied to a sparse binary batch.
/// The dense product costs batch × items × hidden multiply-adds, nearly all of them with a zero input; here the batch
/// is a sparse COO matrix and the product reads one row of the transposed weight per non-zero. Autograd carries the
/// weight gradient (the sparse transpose times the output gradient), which is non-zero only in the rows of the
/// batch's items; it arrives as a dense gradient so the Adam update, which also decays the moments of rows without a
/// gradient, stays exactly the reference's dense Adam.
/// </summary>
internal static class SparseInputLayer
{
    /// <summary>
    /// fc(x) for the batch's rows with <paramref name="values"/> at the non-zeros (batch × hidden).
    /// <paramref name="itemMajorWeight"/> is fc's weight transposed into an items × hidden contiguous tensor when the
    /// caller keeps one (a frozen layer whose weight does not change between batches); otherwise it is made here,
    /// inside autograd.
    /// </summary>
    public static Tensor Forward(Linear fc, SparseBatch batch, Tensor values, Tensor? itemMajorWeight = null)
    {
        if (batch.DensePath) return fc.forward(batch.ToDense(values));
        using var scope = NewDisposeScope();
        var itemMajor = itemMajorWeight ?? ItemMajor(fc); // the rows a non-zero reads are contiguous
        var product = batch.ToSparse(values).mm(itemMajor);
        return ScalarOps.Add(product, fc.bias!).MoveToOuterDisposeScope();
    }

    /// <summary>fc's weight (hidden × items) as a contiguous items × hidden tensor.</summary>
    public static Tensor ItemMajor(Linear fc) => fc.weight!.t().contiguous();
}
