namespace SimCache.Numerics.Linalg;

/// <summary>
/// Structure of a product <c>C = A·Bᵀ</c> that the blocked kernel can exploit: skipping the zero half of a
/// triangular factor (the GMM E-step multiplies by a Cholesky factor) or the mirrored half of a symmetric result
/// (the GMM M-step's scatter matrices) halves the work where it dominates the run time.
/// </summary>
public enum ProductShape
{
    /// <summary>Every entry of C, every component of the rows.</summary>
    Full,

    /// <summary>Row j of B is zero past column j (B is lower triangular), so dot products stop there.</summary>
    LowerTriangularB,

    /// <summary>Only C[i, j] with j ≤ i is computed (A and B are the same rows; the result is symmetric).</summary>
    LowerOutput,
}
