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

    /// <summary>
    /// Like <see cref="Acquire"/>, but waits while another process holds the folder instead of refusing: how sweep
    /// shards started together share an experiment folder (the first builds or checks the stages before the
    /// sweep; the others then find them cached). Stops waiting at <paramref name="cancel"/>.
    /// </summary>
    public static FolderLock AcquireWaiting(string dir, Action<string> log, CancellationToken cancel)
    {
        bool told = false;
        while (true)
        {
            try
            {
                return Acquire(dir);
            }
            catch (DataFormatException) when (!cancel.IsCancellationRequested)
            {
                if (!told) log($"waiting for another simcache process to finish with {dir}");
                told = true;
                cancel.WaitHandle.WaitOne(500);
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
