#!/usr/bin/env python3
"""Cost of Batch Runtime Monitor per 1M AWS Batch jobs, priced exactly like ../shared/tools/costmodel.py.

Same prices (imported from costmodel.P), same workload and events per job (costmodel's constants), same
conventions (marginal cost, no free tiers, "per 1M jobs" vs "per month" lines). What is ours is listed under
DESIGN below: the rules of template.yaml, EXPRESS machines logging at ERROR without execution data and without
X-Ray, SQS batches into arm64 .NET functions, compact EMF, job-definition names as dimensions.
Usage: python3 scripts/costmodel_ours.py [--jobs N] [--q Q --c C --a A --t T --dn DN] [--json]
"""
import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "tools"))
import costmodel as cm  # noqa: E402  (prices and workload constants)

p = cm.p

# ======================================================================================
# DESIGN (ours). Each value says where it comes from; "assumption" marks what is not measured yet.
# ======================================================================================
# Events that reach a state machine, per job (the EventBridge patterns in template.yaml):
ECS_TASK_EVENTS_MATCHED = 2            # lastStatus PENDING or RUNNING while desiredStatus RUNNING: 2 of costmodel's 4
SUBMITJOB_CALLS_PER_JOB = 1.0          # CloudTrail SubmitJob (the only source of SUBMITTED)
CI_STATE_EVENTS_PER_JOB = (cm.ATTEMPTS_PER_JOB * cm.CI_EVENTS_PER_TASK + 2.0 / cm.JOBS_PER_INSTANCE
                           + cm.INSTANCE_HOURS_PER_JOB * cm.AGENT_CONN_EVENTS_PER_INSTANCE_HOUR)  # as costmodel's A2: 2.54
ASG_EVENTS_PER_JOB = 0.0               # CreateAutoScalingGroup: a handful per compute environment, not per job

# Step Functions EXPRESS: 64 MB chunk; billed 100 ms, 200 ms when the path has a GetItem (costmodel's A1 rule).
SFN_MS_PLAIN = 100
SFN_MS_JOIN = 200
JOIN_EVENTS = ("batch_STARTING", "batch_RUNNING", "batch_SUCCEEDED", "batch_FAILED", "ecs_task")
# Execution logging at ERROR without execution data: only failed executions log (ExecutionFailed + the failed
# state's records). Assumption: 0.1 % of executions fail, 2 KB of log each.
SFN_FAILED_FRACTION = 0.001
SFN_FAILED_LOG_B = 2000

# SQS: 1 SendMessage from Step Functions + ReceiveMessage/DeleteMessageBatch of <= 10 messages (costmodel's LB rule).
SQS_REQ_PER_MSG = cm.LB_SQS_REQ_PER_MSG
SQS_QUEUES_POLLED = 4
# Records per invocation: BatchSize 100, but the 5 s batching window closes first at this volume
# (1M jobs/month = 0.39 jobs/s): we take the events a queue receives in 5 s, at least 1, at most 100.
BATCH_WINDOW_S = 5
# Lambda: arm64, 512 MB (template.yaml; docs/performance.md), managed .NET. Assumptions until docs/performance.md
# has the measured numbers: 20 ms billed per invocation + 2 ms per record (ledger read + conditional put),
# 1 % cold starts x 400 ms INIT.
LAMBDA_MEM_GB = 512 / 1024
LAMBDA_MS_PER_INVOCATION = 20
LAMBDA_MS_PER_RECORD = 2
LAMBDA_COLD_FRACTION = 0.01
LAMBDA_INIT_MS = 400
# Logs: START/END/REPORT platform lines per invocation (Text format keeps them), one compact EMF document per
# record (~350 B: dimension values, count, no properties), one JobInsight line per finished job (~900 B).
PLATFORM_LOG_B = cm.A2_PLATFORM_LOG_B
EMF_B_PER_RECORD = 350
INSIGHT_LINE_B = 900
LOG_RETENTION_DAYS = 14                 # template default LogRetentionDays
INSIGHT_RETENTION_DAYS = 365            # template default InsightRetentionDays
INSIGHT_SHARE_OF_JOB_LOG = 0.5          # share of JobTransitions log bytes that are insight lines (kept 365 d)
# DynamoDB (ledger record read -> merge -> conditional put): 1 strongly consistent read of <= 4 KB and a 2 KB
# item written (2 WRU) per job/task event; the instance table is read once per join and written per registration.
LEDGER_RRU_PER_EVENT = 1.0
LEDGER_WRU_PER_EVENT = 2.0
JOIN_RRU = 0.5                          # GetItem in the state machine, eventually consistent, item < 4 KB
INSTANCE_RRU_PER_EVENT = 0.5            # InstanceRegistration reads the registry item before writing
INSTANCE_WRU_PER_REGISTRATION = 1.0
# Monthly parts.
DASHBOARDS = 6
REASONS = 3                             # distinct placement failure reasons (RESOURCE:MEMORY, RESOURCE:CPU, AGENT)
ARCHITECTURES = 2                       # x86_64, arm64
ARCHIVE_EVENT_B = 2500                  # EventBridge archive: average matched event size (assumption)
ARCHIVE_PER_GB = 0.10                   # https://aws.amazon.com/eventbridge/pricing/ (archive processing, per GB)


def events_per_job():
    be = cm.batch_events()
    a = cm.ATTEMPTS_PER_JOB
    return {
        **be,                                                    # job-states
        "ecs_task": a * ECS_TASK_EVENTS_MATCHED,                 # task-placement
        "ct_runtask": a * cm.RUNTASK_CALLS_PER_ATTEMPT,          # runtask-calls
        "ct_submitjob": SUBMITJOB_CALLS_PER_JOB,                 # submit-job
        "ci_state": CI_STATE_EVENTS_PER_JOB,                     # instance-registration
        "ct_register": 1.0 / cm.JOBS_PER_INSTANCE,
        "ct_deregister": 1.0 / cm.JOBS_PER_INSTANCE,
        "ct_create_asg": ASG_EVENTS_PER_JOB,                     # asg-created
    }


QUEUE_OF = {"batch_PENDING": "job", "batch_RUNNABLE": "job", "batch_STARTING": "job", "batch_RUNNING": "job",
            "batch_SUCCEEDED": "job", "batch_FAILED": "job", "ct_submitjob": "job", "ecs_task": "task",
            "ct_runtask": "task", "ci_state": "instance", "ct_register": "instance", "ct_deregister": "instance",
            "ct_create_asg": "asg"}


def metric_count(q, c, a, t, dn, r=REASONS, ar=ARCHITECTURES):
    """docs/metrics.md: one metric per (name x dimension set x value combination)."""
    parts = {
        "Register/DeregisterContainerInstance x [AZ] [InstanceType] [ECSCluster]": 2 * (a + t + c),
        "RunTaskCalls x [JobQueue] [ComputeEnvironment]": q + c,
        "PlacementFailures x [JobQueue,Reason] [ComputeEnvironment,Reason]": r * (q + c),
        "JobsPlaced x [InstanceType] [AZ] [ComputeEnvironment] [JobQueue]": t + a + c + q,
        "SUBMITTED/PENDING/RUNNABLE x [JobQueue] [JobDefinition] [ComputeEnvironment]": 3 * (q + dn + c),
        "STARTING/RUNNING/SUCCEEDED/FAILED x [JobQueue] [JobDefinition] [CE] [InstanceType] [AZ]": 4 * (q + dn + c + t + a),
        "Runnable/Starting/RunningSeconds x [JobQueue] [JobDefinition] [InstanceType] [Architecture]": 3 * (q + dn + t + ar),
        "WaitTime/RunTime/TotalTimeSeconds x [JobQueue]": 3 * q,
        "SchedulingEfficiency x [JobQueue]": q,
        "JobQueueBlocked x [JobQueue]": q,
        "AsgMetricsEnabled x [ComputeEnvironment]": c,
    }
    return sum(parts.values()), parts


def ours(n=None, q=None, c=None, a=None, t=None, dn=None):
    n = cm.N_JOBS if n is None else n
    q, c, a, t, dn = (cm.Q if q is None else q, cm.C if c is None else c, cm.A if a is None else a,
                      cm.T if t is None else t, cm.D_NAMES if dn is None else dn)
    ev = events_per_job()
    execs = sum(ev.values()) * n
    joins = sum(ev[k] for k in JOIN_EVENTS) * n
    gb_s = ((execs - joins) * SFN_MS_PLAIN + joins * SFN_MS_JOIN) / 1000.0 * p("sfn_express_mem_chunk_gb")
    sfn_log_gb = execs * SFN_FAILED_FRACTION * SFN_FAILED_LOG_B / 1e9
    msgs = execs                                            # one pipeline record per execution (filters drop ~0)

    # Lambda invocations per queue: events in one batching window, capped by BatchSize.
    seconds = cm.MONTH_S
    invocations = 0.0
    for queue in ("job", "task", "instance", "asg"):
        per_month = sum(v for k, v in ev.items() if QUEUE_OF[k] == queue) * n
        if per_month == 0:
            continue
        per_batch = min(100.0, max(1.0, per_month / seconds * BATCH_WINDOW_S))
        invocations += per_month / per_batch
    ms = invocations * LAMBDA_MS_PER_INVOCATION + msgs * LAMBDA_MS_PER_RECORD + invocations * LAMBDA_COLD_FRACTION * LAMBDA_INIT_MS
    lreq = invocations * p("lambda_per_request")
    ldur = ms / 1000.0 * LAMBDA_MEM_GB * p("lambda_gb_s_arm")

    ledger_events = (sum(cm.batch_events().values()) + ev["ecs_task"] + ev["ct_runtask"] + ev["ct_submitjob"]) * n
    instance_events = (ev["ci_state"] + ev["ct_register"] + ev["ct_deregister"]) * n
    rru = joins * JOIN_RRU + ledger_events * LEDGER_RRU_PER_EVENT + instance_events * INSTANCE_RRU_PER_EVENT
    wru = ledger_events * LEDGER_WRU_PER_EVENT + 2.0 / cm.JOBS_PER_INSTANCE * n * INSTANCE_WRU_PER_REGISTRATION

    log_b = invocations * PLATFORM_LOG_B + msgs * EMF_B_PER_RECORD + n * INSIGHT_LINE_B
    log_gb = log_b / 1e9
    insight_gb = n * INSIGHT_LINE_B / 1e9
    archive_gb = execs * ARCHIVE_EVENT_B / 1e9

    nmet, parts = metric_count(q, c, a, t, dn)
    idle_polls = SQS_QUEUES_POLLED * cm.ESM_IDLE_POLLERS * cm.MONTH_S / cm.ESM_LONG_POLL_S
    lines = [
        ("EventBridge (AWS service + CloudTrail events)", 0.0, "var",
         "free on the default bus"),
        ("CloudTrail (first copy of management events)", 0.0, "var",
         "CreateTrail=no reuses the account's trail; a second trail would be $2.00 per 100k events"),
        ("Step Functions Express requests", execs * p("sfn_express_per_request"), "var",
         "%.2fM executions x $1.00/M" % (execs / 1e6)),
        ("Step Functions Express duration (64 MB)", gb_s * p("sfn_express_per_gb_s"), "var",
         "%.2fM x 100 ms + %.2fM joins x 200 ms, x 0.0625 GB x $0.0000167/GB-s" % ((execs - joins) / 1e6, joins / 1e6)),
        ("CW Logs ingest: Step Functions (ERROR, no data)", sfn_log_gb * p("cwl_vended_first_tier_per_gb"), "var",
         "%.1f%% failed x %d B = %.3f GB x $0.50" % (100 * SFN_FAILED_FRACTION, SFN_FAILED_LOG_B, sfn_log_gb)),
        ("X-Ray (off by default)", 0.0, "var", "EnableTracing=false"),
        ("SQS requests", msgs * SQS_REQ_PER_MSG * p("sqs_per_request"), "var",
         "%.2fM messages x %.1f requests x $0.40/M" % (msgs / 1e6, SQS_REQ_PER_MSG)),
        ("Lambda requests", lreq, "var", "%.2fM invocations (5 s window) x $0.20/M" % (invocations / 1e6)),
        ("Lambda duration (arm64 512 MB, incl. INIT)", ldur, "var",
         "%.0fk GB-s x $0.0000133334" % (ms / 1000.0 * LAMBDA_MEM_GB / 1e3)),
        ("DynamoDB reads", rru * p("ddb_per_rru"), "var", "%.2fM RRU x $0.125/M" % (rru / 1e6)),
        ("DynamoDB writes", wru * p("ddb_per_wru"), "var", "%.2fM WRU x $0.625/M" % (wru / 1e6)),
        ("CW Logs ingest: Lambda (platform + EMF + insights)", log_gb * p("cwl_vended_first_tier_per_gb"), "var",
         "%.2f GB x $0.50" % log_gb),
        ("CW Logs storage (14 d; insights 365 d)",
         cm.storage_cost(log_gb - insight_gb * INSIGHT_SHARE_OF_JOB_LOG, LOG_RETENTION_DAYS)
         + cm.storage_cost(insight_gb, INSIGHT_RETENTION_DAYS) + cm.storage_cost(sfn_log_gb, LOG_RETENTION_DAYS), "var",
         "x 15 % compression x $0.03/GB-month x months kept"),
        ("EventBridge archive (matched events)", archive_gb * ARCHIVE_PER_GB, "var",
         "%.1f GB x $0.10" % archive_gb),
        ("CloudWatch custom metrics (%d metrics)" % nmet, cm.metric_cost(nmet), "month", "x $0.30"),
        ("CloudWatch dashboards (%d)" % DASHBOARDS, DASHBOARDS * p("cw_dashboard_month"), "month", "x $3.00"),
        ("SQS idle long-polling (%d queues)" % SQS_QUEUES_POLLED, idle_polls * p("sqs_per_request"), "month",
         "%d x 5 pollers x 1 per 20 s" % SQS_QUEUES_POLLED),
        ("KMS for SQS SSE", 0.0, "month", "SSE-SQS (SqsManagedSseEnabled): no KMS requests"),
    ]
    counts = {"executions": execs, "joins": joins, "sqs_messages": msgs, "lambda_invocations": invocations,
              "rru": rru, "wru": wru, "lambda_log_GB": log_gb, "sfn_log_GB": sfn_log_gb, "custom_metrics": nmet,
              "events_per_job": ev, "metric_parts": parts}
    return lines, counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=cm.N_JOBS)
    ap.add_argument("--q", type=int, default=cm.Q)
    ap.add_argument("--c", type=int, default=cm.C)
    ap.add_argument("--a", type=int, default=cm.A)
    ap.add_argument("--t", type=int, default=cm.T)
    ap.add_argument("--dn", type=int, default=cm.D_NAMES)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    lines, counts = ours(args.jobs, args.q, args.c, args.a, args.t, args.dn)
    var = sum(v for _, v, k, _ in lines if k == "var")
    month = sum(v for _, v, k, _ in lines if k == "month")
    if args.json:
        print(json.dumps({"lines": lines, "counts": counts, "per_jobs": var, "per_month": month}, indent=1, default=str))
        return
    print("Batch Runtime Monitor: %s jobs, Q=%d C=%d A=%d T=%d Dn=%d" % (f"{args.jobs:,}", args.q, args.c, args.a, args.t, args.dn))
    print("events per job: " + ", ".join("%s=%.3g" % kv for kv in counts["events_per_job"].items() if kv[1]))
    print("\n| Component | USD | scales with | arithmetic |\n|---|---:|---|---|")
    for label, v, kind, how in lines:
        print("| %s | %.2f | %s | %s |" % (label, v, "jobs" if kind == "var" else "month", how))
    print("| **Total per %s jobs** | **%.2f** | | |" % (f"{args.jobs:,}", var))
    print("| **Total per month** | **%.2f** | | |" % month)
    print("\ncustom metrics = 17Q + 12C + 7A + 10T + 10Dn + R(Q + C) + 3Ar = %d  (R=%d reasons, Ar=%d architectures)"
          % (counts["custom_metrics"], REASONS, ARCHITECTURES))
    for k, v in counts["metric_parts"].items():
        print("   %4d  %s" % (v, k))


if __name__ == "__main__":
    main()
