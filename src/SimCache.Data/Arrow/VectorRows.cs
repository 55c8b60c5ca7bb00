namespace SimCache.Data.Arrow;

/// <summary>
/// Writer-side checks shared by the vector writers. A wrong-length, non-finite or overflowing vector handed to a
/// writer is a bug in the producing code (the trainer or the trace generator), not bad user input, so it is an
/// <see cref="ArgumentException"/> raised at the call that made it, before anything reaches the file. The range is
/// the one the readers enforce (<see cref="FiniteCheck.MagnitudeLimit"/>), so every file written can be read back.
/// </summary>
internal static class VectorRows
{
    public static void Check(ReadOnlySpan<float> vector, int dimension, long row, string paramName = "vector")
    {
        if (vector.Length != dimension)
            throw new ArgumentException($"row {row}: vector has {vector.Length} components, the file's dimension is {dimension}", paramName);
        int bad = FiniteCheck.IndexOfOutOfRange(vector, FiniteCheck.MagnitudeLimit(dimension));
        if (bad >= 0)
            throw new ArgumentException($"row {row}: vector component {bad} is {FiniteCheck.DescribeOutOfRange(vector[bad], dimension)}", paramName);
    }
}
