#!/usr/bin/env python3
"""One execution on a moto_server that the caller has just reset, in one python/boto3 process (one aws CLI process
per call costs seconds each on a loaded machine). Like tests/Deployment.Tests/tools/moto_scenario.py, but returns the
execution output too and the raw message bodies, so the caller can compare them with the local interpreter.

spec (stdin): {"endpoint", "name", "definition" (placeholders already substituted except "${queue:<Name>}"),
               "input" (JSON text), "queues" ([names]), "tables" ([{"name", "key", "items": [attribute-value JSON]}])}
outcome (stdout): {"status", "output" (JSON text or null), "error", "cause", "queueUrls": {name: url},
                   "bodies": {name: [raw body text]}}
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
    for table in spec.get("tables", []):
        ddb.create_table(TableName=table["name"], BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": table["key"], "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": table["key"], "KeyType": "HASH"}])
        for item in table.get("items", []):
            ddb.put_item(TableName=table["name"], Item=item)
    urls = {q: sqs.create_queue(QueueName=q)["QueueUrl"] for q in spec["queues"]}
    definition = re.sub(r"\$\{queue:([\w-]+)\}", lambda m: urls[m.group(1)], spec["definition"])
    arn = sfn.create_state_machine(name=spec.get("name", "local"), definition=definition, type="EXPRESS",
                                   roleArn="arn:aws:iam::123456789012:role/local")["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn, name="run-1", input=spec["input"])["executionArn"]
    deadline = time.time() + 90
    while True:
        described = sfn.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING" or time.time() > deadline:
            break
        time.sleep(0.2)

    bodies = {}
    for q, url in urls.items():
        bodies[q] = []
        while True:
            received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=300).get("Messages", [])
            if not received:
                break
            bodies[q].extend(m["Body"] for m in received)
    json.dump({"status": described["status"], "output": described.get("output"), "error": described.get("error"),
               "cause": described.get("cause"), "queueUrls": urls, "bodies": bodies}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
