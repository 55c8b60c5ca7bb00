using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Training.Tests.Data;

/// <summary>
/// ml-latest-small prepared once (Liang et al.'s protocol, the preparer's defaults) into a scratch folder and
/// shared by every test of <see cref="MlLatestSmallCollection"/>, so the split is built once per test run.
/// </summary>
public sealed class MlLatestSmallDataset : IDisposable
{
    private readonly TempDir _dir = new();

    public MlLatestSmallDataset()
    {
        Folder = _dir.File("ml-latest-small");
        Manifest = DatasetPreparer.Prepare(new PrepareRequest
        {
            Format = MovieLensCsvFormat.Name, Input = RepoFiles.RatingsCsv, OutDir = Folder, Command = "test",
        });
    }

    public string Folder { get; }

    public DatasetManifest Manifest { get; }

    public void Dispose() => _dir.Dispose();
}
