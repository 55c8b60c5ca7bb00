using SimCache.Experiments.Results;
using SimCache.Experiments.Running;

namespace SimCache.Experiments.Reporting;

/// <summary>What a part of an experiment's section on the report page is written from: the output folder, the experiment's state file (null when it has only rows in results.db), its rows and the store.</summary>
public sealed record ReportContext(string OutDir, string Name, ExperimentState? State, IReadOnlyList<ResultRow> Rows, ResultsStore? Store)
{
    /// <summary>The page-wide element id of one part of this experiment ("experiment-NAME-PART"); the page's check finds a part by the id's suffix.</summary>
    public string Id(string part) => ReportBuilder.Anchor(Name) + "-" + part;
}
