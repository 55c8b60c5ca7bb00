using Xunit;

namespace SimCache.Training.Tests.Models;

/// <summary>
/// torch.manual_seed and torch.set_num_threads are process-wide, so tests that rely on seeded sampling must not run
/// in parallel with each other: they all join this collection.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch (global generator)";
}
