#!/usr/bin/env bash
# Enables Auto Scaling group metrics collection (1Minute, every group metric) on the groups AWS Batch created
# for its managed compute environments. The asg-created state machine does this for groups created after the
# stack; this script catches up the groups that already existed. Safe to run again: complete groups are skipped.
set -euo pipefail

# Every metric EnableMetricsCollection accepts. Named explicitly rather than omitting --metrics: the check for
# "already complete" needs the list, and some emulators enable nothing when it is omitted.
readonly ALL_METRICS=(
  GroupMinSize GroupMaxSize GroupDesiredCapacity GroupInServiceInstances GroupPendingInstances
  GroupStandbyInstances GroupTerminatingInstances GroupTotalInstances GroupInServiceCapacity
  GroupPendingCapacity GroupStandbyCapacity GroupTerminatingCapacity GroupTotalCapacity
  WarmPoolDesiredCapacity WarmPoolWarmedCapacity WarmPoolPendingCapacity WarmPoolTerminatingCapacity
  WarmPoolTotalCapacity GroupAndWarmPoolDesiredCapacity GroupAndWarmPoolTotalCapacity
)
readonly GRANULARITY="1Minute"
readonly BATCH_NAME_REGEX='^AWSBatch-.+-asg-'
readonly BATCH_TAG_KEY="AWSBatchServiceTag"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--dry-run] [--region REGION] [--profile PROFILE] [--endpoint-url URL] [--help]

Enables metrics collection (granularity ${GRANULARITY}, all ${#ALL_METRICS[@]} group metrics) on every existing
Auto Scaling group that AWS Batch created for a managed compute environment, in one region.

Which groups are AWS Batch's (read from describe-auto-scaling-groups only, no other Describe call):
  - the group name matches ${BATCH_NAME_REGEX}, the name Batch gives the group of a managed EC2
    compute environment (AWSBatch-<compute environment>-asg-<uuid>), or
  - the group carries the tag ${BATCH_TAG_KEY} (Batch tags the groups it creates with it; its service role
    may only tag Auto Scaling groups with that key).
Every other group is left alone.

A group whose EnabledMetrics already hold every metric at ${GRANULARITY} is skipped and reported as already
enabled, so running the script again changes nothing.

Options:
  --dry-run           report what would be enabled; change nothing
  --region REGION     AWS region (default: the CLI's configured region)
  --profile PROFILE   AWS CLI profile
  --endpoint-url URL  send the Auto Scaling calls to URL (an emulator); AWS_ENDPOINT_URL is honoured too
  -h, --help          show this help

Needs the aws CLI and jq. Exit status: 0 done, 1 an enable call failed, 2 bad usage or a missing tool.
USAGE
}

fail_usage() {
  echo "error: $1" >&2
  echo "Run '$(basename "$0") --help' for usage." >&2
  exit 2
}

require_tool() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "error: '$1' is required but was not found on PATH; install it and run again." >&2
    exit 2
  fi
}

dry_run=false
aws_options=()
while (($# > 0)); do
  case "$1" in
    --dry-run) dry_run=true ;;
    --region | --profile | --endpoint-url)
      if (($# < 2)) || [[ -z "$2" ]]; then
        fail_usage "$1 needs a value"
      fi
      aws_options+=("$1" "$2")
      shift
      ;;
    --region=* | --profile=* | --endpoint-url=*)
      if [[ -z "${1#*=}" ]]; then
        fail_usage "${1%%=*} needs a value"
      fi
      aws_options+=("${1%%=*}" "${1#*=}")
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) fail_usage "unknown argument '$1'" ;;
  esac
  shift
done

require_tool aws
require_tool jq

aws_cli() {
  # Needs bash 4.4+, where an empty array expands to nothing under set -u.
  aws "${aws_options[@]}" "$@"
}

metrics_json=$(printf '%s\n' "${ALL_METRICS[@]}" | jq -R . | jq -s -c .)

# One line per group: <name> TAB <batch|other> TAB <complete|incomplete>. The CLI paginates by itself.
groups=$(aws_cli autoscaling describe-auto-scaling-groups --output json | jq -r \
  --arg nameRegex "$BATCH_NAME_REGEX" --arg tagKey "$BATCH_TAG_KEY" \
  --arg granularity "$GRANULARITY" --argjson all "$metrics_json" '
  .AutoScalingGroups[]
  | . as $group
  | ([$group.EnabledMetrics[]? | select(.Granularity == $granularity) | .Metric]) as $enabled
  | [
      $group.AutoScalingGroupName,
      (if ($group.AutoScalingGroupName | test($nameRegex)) or any($group.Tags[]?; .Key == $tagKey)
       then "batch" else "other" end),
      (if ($all - $enabled) == [] then "complete" else "incomplete" end)
    ]
  | @tsv')

enabled=0 already=0 would=0 others=0 failed=0
while IFS=$'\t' read -r name owner state; do
  [[ -n "$name" ]] || continue
  if [[ "$owner" != "batch" ]]; then
    echo "not an AWS Batch group, left alone: $name"
    others=$((others + 1))
  elif [[ "$state" == "complete" ]]; then
    echo "already enabled (${GRANULARITY}, all metrics), skipped: $name"
    already=$((already + 1))
  elif [[ "$dry_run" == true ]]; then
    echo "dry run, would enable (${GRANULARITY}, all metrics): $name"
    would=$((would + 1))
  elif aws_cli autoscaling enable-metrics-collection --auto-scaling-group-name "$name" \
    --granularity "$GRANULARITY" --metrics "${ALL_METRICS[@]}"; then
    echo "enabled (${GRANULARITY}, all metrics): $name"
    enabled=$((enabled + 1))
  else
    echo "error: enabling metrics collection failed: $name" >&2
    failed=$((failed + 1))
  fi
done <<<"$groups"

echo "summary: enabled=$enabled already-enabled=$already would-enable=$would not-batch=$others failed=$failed"
((failed == 0)) || exit 1
