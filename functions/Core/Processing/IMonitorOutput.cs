using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Jobs;

namespace BatchRuntimeMonitor.Core;

/// <summary>Where EMF documents and job insight records go: stdout in Lambda, files and aggregates locally.</summary>
public interface IMonitorOutput
{
    void WriteMetrics(EmfDocument document);

    void WriteInsight(JobInsight insight);
}
