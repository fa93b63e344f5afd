using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Jobs;

namespace BatchRuntimeMonitor.Core;

/// <summary>Where EMF documents and job insight records go: stdout in Lambda, files and aggregates locally.</summary>
/// <remarks>
/// The document and insight passed in are reused by their producer once the call returns (building new ones for every
/// event was most of what an event allocated, docs/performance.md): write them, or copy what you keep, within the call.
/// </remarks>
public interface IMonitorOutput
{
    void WriteMetrics(EmfDocument document);

    void WriteInsight(JobInsight insight);
}
