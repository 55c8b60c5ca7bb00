using SimCache.Data.Progress;

namespace SimCache.Geometry.Report;

/// <summary>Names whose data set a long step belongs to ("uniform ball: GMM …") without the library steps knowing.</summary>
internal sealed class PrefixedReporter(IWorkReporter inner, string prefix) : IWorkReporter
{
    public IWorkTask Start(string description, long total, string unit) => inner.Start(prefix + description, total, unit);
}
