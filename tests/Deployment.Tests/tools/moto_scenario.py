#!/usr/bin/env python3
"""One state machine scenario on moto_server, in one process (the machine is loaded; one aws CLI process per
call made a scenario take half a minute). Reads a JSON spec on stdin, prints the outcome as JSON.

spec: {"endpoint", "name", "definition" (with ${Placeholders}), "substitutions" ({name: value}; "{queue:<Name>}" in a
value becomes that queue's URL), "input" (the event), "queues" ([names]), "known_instances" ([arns]),
"autoscaling_group" (optional name to create first), "instance_items" (optional: full instances-table items in
DynamoDB attribute-value JSON, put as they are before the execution, e.g. copied from the functions' own table)}
outcome: {"status", "error", "cause", "messages": {queue: [body JSON]}}
"""
import json
import re
import sys
import time

import boto3


def main() -> int:
    spec = json.load(sys.stdin)
    kw = {"endpoint_url": spec["endpoint"], "region_name": "us-east-1",
          "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    ddb, sqs, sfn = boto3.client("dynamodb", **kw), boto3.client("sqs", **kw), boto3.client("stepfunctions", **kw)

    ddb.create_table(TableName="instances", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "ContainerInstanceArn", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "ContainerInstanceArn", "KeyType": "HASH"}])
    urls = {q: sqs.create_queue(QueueName=q)["QueueUrl"] for q in spec["queues"]}
    for arn in spec.get("known_instances", []):
        ddb.put_item(TableName="instances", Item={"ContainerInstanceArn": {"S": arn}, "InstanceType": {"S": "m5.large"},
                                                  "AvailabilityZone": {"S": "us-east-1a"}})
    for item in spec.get("instance_items") or []:
        ddb.put_item(TableName="instances", Item=item)
    if spec.get("autoscaling_group"):
        asg = boto3.client("autoscaling", **kw)
        asg.create_launch_configuration(LaunchConfigurationName="lc", ImageId="ami-12345678", InstanceType="m5.large")
        asg.create_auto_scaling_group(AutoScalingGroupName=spec["autoscaling_group"], LaunchConfigurationName="lc",
                                      MinSize=0, MaxSize=1, AvailabilityZones=["us-east-1a"])

    values = {k: re.sub(r"\{queue:(\w+)\}", lambda m: urls[m.group(1)], v) for k, v in spec["substitutions"].items()}
    definition = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], spec["definition"])
    arn = sfn.create_state_machine(name=spec.get("name", "machine"), definition=definition, type="EXPRESS",
                                   roleArn="arn:aws:iam::123456789012:role/state-machine")["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, name="run-1", input=json.dumps(spec["input"]))["executionArn"]
    deadline = time.time() + 60
    while True:
        described = sfn.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING" or time.time() > deadline:
            break
        time.sleep(0.2)

    messages = {}
    for q, url in urls.items():
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        messages[q] = [json.loads(m["Body"]) for m in received]
    json.dump({"status": described["status"], "error": described.get("error"), "cause": described.get("cause"),
               "messages": messages}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
