using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Sqs;
using SqsMessage = BatchRuntimeMonitor.Core.Sqs.SqsMessage;
using BatchRuntimeMonitor.DynamoDb;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Local.EventBridge.Templates;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Benchmarks.Moto;

/// <summary>
/// The deployed pipeline with moto_server as the cloud, from template.yaml: its queues and tables created on one
/// moto, its state machines (DefinitionSubstitutions pointing at those queues and the instances table) executed by
/// moto's Step Functions, and its functions (loaded by Handler string, as brm replay does) on the real DynamoDB
/// stores over moto's tables. The state machines' join reads the instances table the InstanceRegistration
/// function writes, as in AWS. Events are routed with the template's rules by the local EventBridge matcher.
/// One event at a time: each matching execution runs to its end, then the queues it can send to are drained into
/// their functions (the Lambda poller's part), so a later event sees everything an earlier one caused.
/// </summary>
public sealed class MotoPipeline : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly MotoApi _api;
    private readonly AmazonDynamoDBClient _dynamoDb;
    private readonly TemplateRouting _routing;
    private readonly Dictionary<string, string> _definitions;
    private readonly Dictionary<string, string> _queueUrls;
    private readonly Dictionary<string, IReadOnlyList<string>> _queuesOfMachine;
    private readonly Dictionary<string, QueueConsumer> _consumers;
    private readonly ReplayOutput _output;
    private readonly FunctionErrors _errors;
    private readonly string _instancesTable;
    private readonly string _jobsTable;

    private MotoPipeline(MotoApi api, AmazonDynamoDBClient dynamoDb, TemplateRouting routing, Dictionary<string, string> definitions, Dictionary<string, string> queueUrls,
        Dictionary<string, IReadOnlyList<string>> queuesOfMachine, Dictionary<string, QueueConsumer> consumers, ReplayOutput output, FunctionErrors errors, string instancesTable, string jobsTable)
    {
        _api = api;
        _dynamoDb = dynamoDb;
        _routing = routing;
        _definitions = definitions;
        _queueUrls = queueUrls;
        _queuesOfMachine = queuesOfMachine;
        _consumers = consumers;
        _output = output;
        _errors = errors;
        _instancesTable = instancesTable;
        _jobsTable = jobsTable;
    }

    /// <summary>Where the run's time went: CreateStateMachine; StartExecution to DeleteStateMachine; SQS receive/delete calls; function invocations (with their DynamoDB calls).</summary>
    public TimeSpan CreateMachineTime { get; private set; }

    public TimeSpan ExecutionTime { get; private set; }

    public TimeSpan SqsTime { get; private set; }

    public TimeSpan FunctionTime { get; private set; }

    /// <summary>Wait states the executions ran before a join lookup was repeated (attempts - 1 per joined record), each JoinWaitSeconds of real time.</summary>
    public long JoinWaits { get; private set; }

    /// <summary>Creates the template's queues and tables on the server and loads the functions; Step Functions execution must already be on.</summary>
    public static async Task<MotoPipeline> CreateAsync(Uri endpoint, string templatePath, IReadOnlyDictionary<string, string> parameters, string outputDirectory, CancellationToken cancellationToken)
    {
        var template = CloudFormationTemplate.Load(templatePath);
        var api = new MotoApi(endpoint);
        var values = LocalResourceNames.For(template);
        var queueUrls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var queue in template.ResourcesOfType("AWS::SQS::Queue"))
        {
            var url = await api.CreateQueueAsync(queue.LogicalId, cancellationToken).ConfigureAwait(false);
            queueUrls[queue.LogicalId] = url;
            values[queue.LogicalId] = url;
            values[queue.LogicalId + ".QueueUrl"] = url;
            values[queue.LogicalId + ".Arn"] = $"arn:aws:sqs:{MotoApi.Region}:{MotoApi.Account}:{queue.LogicalId}";
        }

        // Tables are named by logical id, as LocalResourceNames names them for the substitutions.
        var instancesTable = LocalPipeline.FindTable(template, InstanceItemMapping.KeyAttribute);
        var jobsTable = LocalPipeline.FindTable(template, DynamoDbStores.JobsKey);
        var dynamoDb = MotoDynamoDb.Client(endpoint.ToString());
        await MotoDynamoDb.CreateTableAsync(dynamoDb, instancesTable, InstanceItemMapping.KeyAttribute).ConfigureAwait(false);
        await MotoDynamoDb.CreateTableAsync(dynamoDb, jobsTable, DynamoDbStores.JobsKey).ConfigureAwait(false);

        var routing = TemplateRouting.From(template, values, parameters);
        var urlToQueue = queueUrls.ToDictionary(q => q.Value, q => q.Key, StringComparer.Ordinal);
        var definitions = new Dictionary<string, string>(StringComparer.Ordinal);
        var queuesOfMachine = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var machine in routing.StateMachines)
        {
            definitions[machine.LogicalId] = LocalPipeline.DefinitionText(machine);
            queuesOfMachine[machine.LogicalId] = machine.DefinitionSubstitutions.Values.Where(urlToQueue.ContainsKey).Select(u => urlToQueue[u]).Distinct().ToList();
        }

        Directory.CreateDirectory(outputDirectory);
        var output = new ReplayOutput(outputDirectory, validateEmf: false);
        var errors = new FunctionErrors();
        var stores = DynamoDbStores.Create(dynamoDb, instancesTable, jobsTable);
        var consumers = LocalPipeline.ReadConsumers(template, stores, output, new MonitorOptions(), errors).ToDictionary(c => c.QueueLogicalId, StringComparer.Ordinal);
        return new MotoPipeline(api, dynamoDb, routing, definitions, queueUrls, queuesOfMachine, consumers, output, errors, instancesTable, jobsTable);
    }

    /// <summary>
    /// One throwaway execution of a Pass machine and one table read, so moto's lazily imported Step Functions
    /// interpreter and the SDK's first request are not in the measured run.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await _api.ExecuteOnceAsync("warm-up", """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""", "{}", PollInterval, cancellationToken).ConfigureAwait(false);
        await _dynamoDb.DescribeTableAsync(_jobsTable, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the events; the figures' Seconds and CpuSeconds (this process plus <paramref name="serverProcessorTime"/>) cover the event loop only.</summary>
    public async Task<RunFigures> RunAsync(IReadOnlyList<JsonObject> events, string outputDirectory, Func<TimeSpan> serverProcessorTime, CancellationToken cancellationToken)
    {
        var executions = new Dictionary<string, long>(StringComparer.Ordinal);
        var messages = new Dictionary<string, long>(StringComparer.Ordinal);
        var counts = new Counts();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime + serverProcessorTime();
        var watch = Stopwatch.StartNew();
        foreach (var evt in events)
        {
            var input = evt.ToJsonString();
            foreach (var target in _routing.RoutesFor(evt).SelectMany(r => r.Targets))
            {
                var machine = target.StateMachine.LogicalId;
                executions[machine] = executions.GetValueOrDefault(machine) + 1;
                var execution = await _api.ExecuteOnceAsync($"{machine}-{executions.Values.Sum()}", _definitions[machine], input, PollInterval, cancellationToken).ConfigureAwait(false);
                CreateMachineTime += execution.CreateTime;
                ExecutionTime += execution.RunTime;
                if (execution.Status != "SUCCEEDED")
                {
                    counts.ExecutionsFailed++;
                }

                foreach (var queue in _queuesOfMachine[machine].Where(_consumers.ContainsKey))
                {
                    await DeliverAsync(queue, messages, counts, watch, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime + serverProcessorTime() - cpuAtStart;

        // Queues no function drains (the state machines' dead-letter queue): counted after the clock stopped.
        foreach (var (queue, url) in _queueUrls.Where(q => !_consumers.ContainsKey(q.Key)))
        {
            for (var batch = await _api.ReceiveAsync(url, cancellationToken).ConfigureAwait(false); batch.Count > 0; batch = await _api.ReceiveAsync(url, cancellationToken).ConfigureAwait(false))
            {
                messages[queue] = messages.GetValueOrDefault(queue) + batch.Count;
                await _api.DeleteAsync(url, batch, cancellationToken).ConfigureAwait(false);
            }
        }

        var (ledger, instances) = await WriteLedgerAsync(outputDirectory, cancellationToken).ConfigureAwait(false);
        return new RunFigures
        {
            Seconds = watch.Elapsed.TotalSeconds,
            CpuSeconds = cpu.TotalSeconds,
            Events = events.Count,
            ExecutionsByStateMachine = executions,
            ExecutionsFailed = counts.ExecutionsFailed,
            MessagesByQueue = messages,
            JoinsFound = counts.JoinsFound,
            JoinsNotFound = counts.JoinsNotFound,
            FunctionFailures = counts.FunctionFailures,
            Ledger = ledger,
            Instances = instances,
            InsightRecords = _output.InsightRecords,
            Metrics = _output.Totals.ToSorted(),
        };
    }

    public void Dispose()
    {
        _output.Dispose();
        _errors.Dispose();
        _dynamoDb.Dispose();
        _api.Dispose();
    }

    /// <summary>Receives until the queue is empty, handing each batch to the queue's function as the event source mapping would, then deletes it.</summary>
    private async Task DeliverAsync(string queue, Dictionary<string, long> messages, Counts counts, Stopwatch watch, CancellationToken cancellationToken)
    {
        var url = _queueUrls[queue];
        var consumer = _consumers[queue];
        while (true)
        {
            var mark = watch.Elapsed;
            var batch = await _api.ReceiveAsync(url, cancellationToken).ConfigureAwait(false);
            SqsTime += watch.Elapsed - mark;
            if (batch.Count == 0)
            {
                return;
            }

            messages[queue] = messages.GetValueOrDefault(queue) + batch.Count;
            foreach (var message in batch)
            {
                var join = JsonNode.Parse(message.Body)?["join"];
                JoinWaits += Math.Max(0, ((int?)join?["attempts"] ?? 1) - 1);
                switch ((bool?)join?["found"])
                {
                    case true:
                        counts.JoinsFound++;
                        break;
                    case false:
                        counts.JoinsNotFound++;
                        break;
                }
            }

            mark = watch.Elapsed;
            _errors.Clear();
            var sqsEvent = new SqsEvent
            {
                Records = batch.Select(m => new SqsMessage { MessageId = m.MessageId, ReceiptHandle = m.ReceiptHandle, Body = m.Body, EventSourceArn = $"arn:aws:sqs:{MotoApi.Region}:{MotoApi.Account}:{queue}" }).ToList(),
            };
            var response = await consumer.Function.ProcessAsync(sqsEvent, cancellationToken).ConfigureAwait(false);
            FunctionTime += watch.Elapsed - mark;
            counts.FunctionFailures += response.BatchItemFailures.Count;
            foreach (var failure in response.BatchItemFailures)
            {
                await Console.Error.WriteLineAsync($"{consumer.FunctionLogicalId} failed message {failure.ItemIdentifier}: {_errors.ReasonFor(failure.ItemIdentifier)}").ConfigureAwait(false);
            }

            // Failed messages are deleted too: a retry would only repeat the failure in this run, and it is reported above.
            mark = watch.Elapsed;
            await _api.DeleteAsync(url, batch, cancellationToken).ConfigureAwait(false);
            SqsTime += watch.Elapsed - mark;
        }
    }

    /// <summary>The jobs table as brm replay's jobs.jsonl (same backfill from the instances table, same serializer), also written to the output folder.</summary>
    private async Task<(IReadOnlyDictionary<string, string> Ledger, long Instances)> WriteLedgerAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        var instanceCodec = new InstanceItemCodec();
        var instances = (await ScanAsync(_instancesTable, cancellationToken).ConfigureAwait(false))
            .Select(instanceCodec.FromItem)
            .ToDictionary(i => i.ContainerInstanceArn, StringComparer.Ordinal);
        var jobCodec = new JobItemCodec();
        var lines = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in (await ScanAsync(_jobsTable, cancellationToken).ConfigureAwait(false)).Where(i => i.ContainsKey("Doc")))
        {
            var job = jobCodec.FromItem(item);
            JobAttribution.Backfill(job, arn => instances.GetValueOrDefault(arn));
            lines[job.JobId] = JsonSerializer.Serialize(JobLedgerLine.FromRecord(job), CoreJsonContext.Default.JobLedgerLine);
        }

        await File.WriteAllLinesAsync(Path.Combine(outputDirectory, "jobs.jsonl"), lines.Values, cancellationToken).ConfigureAwait(false);
        return (lines, instances.Count);
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(string table, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await _dynamoDb.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start }, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    private sealed class Counts
    {
        public long ExecutionsFailed { get; set; }

        public long JoinsFound { get; set; }

        public long JoinsNotFound { get; set; }

        public long FunctionFailures { get; set; }
    }
}
