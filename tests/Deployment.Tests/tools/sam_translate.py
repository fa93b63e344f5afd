#!/usr/bin/env python3
"""Translates template.yaml with aws-sam-translator, offline, and prints the CloudFormation JSON.

No AWS account: managed policy names resolve through a stub loader (SAM only asks for the policies it adds
itself, e.g. AWSLambdaBasicExecutionRole, AWSXrayWriteOnlyAccess). CodeUri/DefinitionUri stay local paths,
as `sam build` would replace them.
Usage: sam_translate.py <template.yaml>
"""
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.parser.parser import Parser
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class StubManagedPolicyLoader:
    def load(self):
        return {}


def package_locally(template, root):
    """What `sam package` does with local paths: CodeUri becomes an S3 location, DefinitionUri's file is read."""
    for name, resource in template.get("Resources", {}).items():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str):
            path = os.path.join(root, props["CodeUri"])
            if not os.path.isdir(path):
                raise SystemExit(f"{name}: CodeUri {props['CodeUri']} does not exist")
            props["CodeUri"] = "s3://local-package/" + props["CodeUri"].strip("/") + ".zip"
        if resource.get("Type") == "AWS::Serverless::StateMachine" and isinstance(props.get("DefinitionUri"), str):
            with open(os.path.join(root, props.pop("DefinitionUri")), encoding="utf-8") as f:
                props["Definition"] = json.load(f)


def main() -> int:
    # Pseudo parameters need a region; any will do, nothing is called.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(sys.argv[1], encoding="utf-8") as f:
        template = yaml_parse(f.read())
    package_locally(template, os.path.dirname(os.path.abspath(sys.argv[1])))
    try:
        output = transform(template, {}, StubManagedPolicyLoader(), Parser())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print("SAM: " + cause.message, file=sys.stderr)
        return 2
    print(json.dumps(output, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
