#!/usr/bin/python3
"""Prints botocore's AWS Signature V4 for the fixed requests that
src/floe/io/s3_signer_test.cc checks floe's signer against.

Run with Debian's interpreter (python3-botocore): /usr/bin/python3 test/s3/sigv4_reference.py
"""
import datetime
import hashlib
from unittest import mock

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

NOW = datetime.datetime(2026, 11, 24, 8, 30, 0)


def sign(method, url, body, headers, token=None):
    creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token)
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    request.context["payload_signing_enabled"] = True
    with mock.patch("botocore.auth.datetime") as clock:
        clock.datetime.utcnow.return_value = NOW
        clock.datetime.now.return_value = NOW
        clock.datetime.strftime = datetime.datetime.strftime
        auth = S3SigV4Auth(creds, "s3", "eu-west-1")
        auth.add_auth(request)
    print(method, url)
    print("  payload   ", hashlib.sha256(body).hexdigest())
    print("  authorization", request.headers["Authorization"])


sign("PUT", "http://127.0.0.1:9000/warehouse/db/t/metadata/00001-a%20b.metadata.json", b"hello",
     {"If-None-Match": "*"})
sign("GET", "https://bucket.s3.eu-west-1.amazonaws.com/?list-type=2&prefix=db%2Ft%2F&continuation-token=a%2Bb%3D",
     b"", {}, token="SESSIONTOKEN/+=")
