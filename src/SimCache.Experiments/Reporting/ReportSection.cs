using System.Text;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// One part of an experiment's section on the report page: its id (the element id ends with it, so the page's
/// check can require it) and what writes it (nothing, when it has nothing to show). A new part is its own file
/// with a <c>Write(StringBuilder, ReportContext)</c> and one line in <see cref="ReportBuilder.Sections"/>.
/// </summary>
public sealed record ReportSection(string Id, Action<StringBuilder, ReportContext> Write);
