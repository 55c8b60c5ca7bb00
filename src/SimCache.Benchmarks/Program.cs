using BenchmarkDotNet.Running;

namespace SimCache.Benchmarks;

/// <summary>Runs the BenchmarkDotNet suites; pass BenchmarkDotNet's own arguments (e.g. --filter '*').</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
