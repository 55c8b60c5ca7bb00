using Xunit;

namespace SimCache.Training.Tests.Data;

/// <summary>Tests that read the prepared ml-latest-small split share one <see cref="MlLatestSmallDataset"/>.</summary>
[CollectionDefinition(Name)]
public sealed class MlLatestSmallCollection : ICollectionFixture<MlLatestSmallDataset>
{
    public const string Name = "ml-latest-small";
}
