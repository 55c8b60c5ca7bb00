using Xunit;

namespace SimCache.Cli.Tests;

/// <summary>
/// Tests whose result depends on process-wide state that other tests change: libtorch's thread count is set per
/// process by every <c>train</c> and <c>trace</c>, so a run that must reproduce exact numbers (the same
/// embeddings, hence the same mixture) cannot share the process with them. xunit runs this collection alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Alone in the process";
}
