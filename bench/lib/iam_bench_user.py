#!/usr/bin/env python3
"""Helper for bench/describe-images-iam.

  iam_bench_user.py URL   as the demo account's root, creates the IAM user `bench` with one inline policy of 10
                          statements (nine for other services, the one allowing ec2:Describe* last, with a Region
                          and a source-IP condition) and an access key; prints the key id and secret on one line
"""
import json
import sys

import boto3

ACCOUNT = "123456789012"
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGIONS = ["us-east-1", "eu-west-1"]


def policy():
    statements = [{"Effect": "Allow", "Action": ["%s:Get*" % s, "%s:List*" % s],
                   "Resource": "arn:aws:%s:*:%s:*" % (s, ACCOUNT),
                   "Condition": {"StringEquals": {"aws:RequestedRegion": REGIONS}}}
                  for s in ["s3", "sqs", "sns", "lambda", "dynamodb", "iam", "sts", "kms", "ebs"]]
    statements.append({"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*",
                       "Condition": {"StringEquals": {"aws:RequestedRegion": REGIONS},
                                     "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "127.0.0.0/8"]}}})
    assert len(statements) == 10
    return {"Version": "2012-10-17", "Statement": statements}


def main(argv):
    if len(argv) != 1:
        sys.exit(__doc__)
    iam = boto3.client("iam", endpoint_url=argv[0], region_name="us-east-1", aws_access_key_id=ACCESS_KEY,
                       aws_secret_access_key=SECRET_KEY)
    iam.create_user(UserName="bench")
    iam.put_user_policy(UserName="bench", PolicyName="ten-statements", PolicyDocument=json.dumps(policy()))
    key = iam.create_access_key(UserName="bench")["AccessKey"]
    print(key["AccessKeyId"], key["SecretAccessKey"])


if __name__ == "__main__":
    main(sys.argv[1:])
