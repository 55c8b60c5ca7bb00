using SimCache.Data.IO;

namespace SimCache.Experiments.Running;

/// <summary>
/// Keeps two runs from writing one experiment folder at the same time (their stage swaps would interleave).
/// An exclusive handle on <c>.lock</c>; the operating system releases it when the process ends, however it ends.
/// </summary>
public sealed class FolderLock : IDisposable
{
    private readonly FileStream _handle;

    private FolderLock(FileStream handle) => _handle = handle;

    public static FolderLock Acquire(string dir)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, ".lock");
        try
        {
            return new FolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new DataFormatException(dir, "is being written by another simcache process; wait for it to finish");
        }
    }

    public void Dispose() => _handle.Dispose();
}
