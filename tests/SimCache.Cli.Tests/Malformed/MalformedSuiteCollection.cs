using Xunit;

namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// The malformed-input suite runs alone: the commands it drives set process-wide state (libtorch's thread count
/// in train and trace), and its output-folder checks compare whole folders before and after each case.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MalformedSuiteCollection : ICollectionFixture<MalformedInputs>
{
    public const string Name = "Malformed inputs";
}
