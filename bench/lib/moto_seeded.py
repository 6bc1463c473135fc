#!/usr/bin/env python3
"""moto's server with COUNT images already registered: what `moto_server -p PORT` runs, in this process.

  moto_seeded.py PORT COUNT PREFIX

Registering 10,000 images through moto's HTTP API takes minutes (about 20 ms a call), so the images are
registered by calling register_image on moto's EC2 backend directly, the method moto's own RegisterImage
handler calls, before the server starts. Prints "listening on URL" when it serves.
"""
import sys
import time

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ec2.models import ec2_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

REGION = "us-east-1"


def main(port, count, prefix):
    started = time.time()
    backend = ec2_backends[DEFAULT_ACCOUNT_ID][REGION]
    for i in range(count):
        backend.register_image(name="%s%05d" % (prefix, i), description="seeded image %d" % i)
    print("moto: %d images registered in %.1f s (%d images in all, with moto's own)"
          % (count, time.time() - started, len(backend.amis)), file=sys.stderr)
    app = DomainDispatcherApplication(create_backend_app)
    app.debug = True  # as moto_server does
    print("listening on http://127.0.0.1:%d" % port, flush=True)
    run_simple("127.0.0.1", port, app, threaded=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
