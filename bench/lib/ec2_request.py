#!/usr/bin/env python3
"""Helpers for bench/describe-images.

  sign URL BODY LUA HEADERS   sign one EC2 Query POST with SigV4 (demo credentials, or the key in
                              BENCH_ACCESS_KEY and BENCH_SECRET_KEY) and write it as a wrk Lua script and as a
                              curl header file (the signature is valid for 15 minutes)
  check RESPONSE NAME         the saved answer must be a DescribeImagesResponse with exactly one image, NAME
  seed-moto URL COUNT PREFIX  register COUNT images named PREFIX00000... in moto through boto3
"""
import concurrent.futures
import os
import sys
import time
import xml.etree.ElementTree as ET

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"
CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"


def lua_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def sign(url, body, lua_path, headers_path):
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials

    request = botocore.awsrequest.AWSRequest(method="POST", url=url, data=body,
                                             headers={"Content-Type": CONTENT_TYPE})
    credentials = botocore.credentials.Credentials(os.environ.get("BENCH_ACCESS_KEY", ACCESS_KEY),
                                                   os.environ.get("BENCH_SECRET_KEY", SECRET_KEY))
    botocore.auth.SigV4Auth(credentials, "ec2", REGION).add_auth(request)
    # wrk and curl add Host (the signed value is host:port, as they send it) and Content-Length themselves.
    headers = {k: v for k, v in request.prepare().headers.items() if k.lower() not in ("content-length", "host")}
    with open(lua_path, "w") as lua:
        lua.write('wrk.method = "POST"\n')
        lua.write("wrk.body = %s\n" % lua_string(body))
        for k, v in headers.items():
            lua.write("wrk.headers[%s] = %s\n" % (lua_string(k), lua_string(v)))
    with open(headers_path, "w") as out:
        for k, v in headers.items():
            out.write("%s: %s\n" % (k, v))


def check(response_path, expected_name):
    tree = ET.parse(response_path)
    root = tree.getroot()
    ns = root.tag[1:root.tag.index("}")] if root.tag.startswith("{") else ""
    q = (lambda t: "{%s}%s" % (ns, t)) if ns else (lambda t: t)
    if root.tag != q("DescribeImagesResponse"):
        sys.exit("not a DescribeImagesResponse: <%s>" % root.tag)
    items = root.findall("./%s/%s" % (q("imagesSet"), q("item")))
    names = [i.findtext(q("name")) for i in items]
    if names != [expected_name]:
        sys.exit("expected exactly the image %s, got %s" % (expected_name, names))
    print(items[0].findtext(q("imageId")))


def seed_moto(url, count, prefix):
    import boto3

    ec2 = boto3.client("ec2", endpoint_url=url, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                       aws_secret_access_key=SECRET_KEY)
    started = time.time()

    def register(i):
        ec2.register_image(Name="%s%05d" % (prefix, i), Description="seeded image %d" % i, Architecture="x86_64",
                           RootDeviceName="/dev/xvda", VirtualizationType="hvm",
                           BlockDeviceMappings=[{"DeviceName": "/dev/xvda",
                                                 "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}])

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for _ in pool.map(register, range(count)):
            pass
    print("moto: %d images in %.1f s" % (count, time.time() - started), file=sys.stderr)


def main(argv):
    if len(argv) == 5 and argv[0] == "sign":
        sign(*argv[1:])
    elif len(argv) == 3 and argv[0] == "check":
        check(*argv[1:])
    elif len(argv) == 4 and argv[0] == "seed-moto":
        seed_moto(argv[1], int(argv[2]), argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
