#!/usr/bin/env python3
"""A local stand-in for S3 at the HTTP boundary, for LeadOS's billing tests.

Signatures are computed with botocore (Debian's python3-botocore), the AWS SDK's own signer, so
LeadOS's SigV4 implementation is checked against an independent one.

  s3_standin.py sign          reads a JSON request on stdin, prints botocore's canonical request,
                              string to sign and signature as JSON
  s3_standin.py serve ACCESS_KEY SECRET_KEY REGION BUCKET
                              serves path-style S3 (PUT, GET, HEAD, DELETE of /BUCKET/KEY) on
                              127.0.0.1, prints "PORT <n>" once listening; every request must
                              carry a valid SigV4 signature (recomputed with botocore from the
                              request's SignedHeaders) and an x-amz-content-sha256 matching the
                              body, else 403 with S3's XML error body.
"""
import hashlib
import http.server
import json
import re
import sys
import threading
import urllib.parse

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def botocore_sign(method, url, headers, body, access_key, secret_key, region, timestamp):
    req = AWSRequest(method=method, url=url, data=body, headers=headers)
    auth = S3SigV4Auth(Credentials(access_key, secret_key), "s3", region)
    req.context["timestamp"] = timestamp
    canonical = auth.canonical_request(req)
    sts = auth.string_to_sign(req, canonical)
    return canonical, sts, auth.signature(sts, req)


def sign_main():
    r = json.load(sys.stdin)
    canonical, sts, sig = botocore_sign(r["method"], r["url"], r["headers"],
                                        r.get("body", "").encode(), r["access_key"],
                                        r["secret_key"], r["region"], r["timestamp"])
    json.dump({"canonical_request": canonical, "string_to_sign": sts, "signature": sig},
              sys.stdout)


def error_xml(code, message):
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code>"
            "<Message>%s</Message><RequestId>standin</RequestId></Error>" % (code, message)).encode()


AUTH_RE = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/s3/aws4_request, "
                     r"SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$")


def serve_main(access_key, secret_key, region, bucket):
    objects = {}
    lock = threading.Lock()
    log = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body=b"", content_type="application/xml", head=False):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def check(self, body):
            auth = self.headers.get("Authorization", "")
            m = AUTH_RE.match(auth)
            if not m:
                return error_xml("AccessDenied", "missing or malformed Authorization")
            key_id, _, req_region, signed, signature = m.groups()
            if key_id != access_key:
                return error_xml("InvalidAccessKeyId", "unknown access key id")
            if req_region != region:
                return error_xml("AuthorizationHeaderMalformed", "wrong region")
            if self.headers.get("x-amz-content-sha256") != hashlib.sha256(body).hexdigest():
                return error_xml("XAmzContentSHA256Mismatch", "body hash does not match")
            headers = {name: self.headers.get(name, "") for name in signed.split(";")}
            url = "http://%s%s" % (self.headers.get("Host"), self.path)
            _, _, expected = botocore_sign(self.command, url, headers, body, access_key,
                                           secret_key, region, self.headers.get("x-amz-date"))
            if expected != signature:
                return error_xml("SignatureDoesNotMatch",
                                 "The request signature we calculated does not match")
            return None

        def target(self):
            path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            parts = path.lstrip("/").split("/", 1)
            return parts[0], parts[1] if len(parts) > 1 else ""

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            head = self.command == "HEAD"
            with lock:
                log.append((self.command, self.path))
            err = self.check(body)
            if err:
                return self.reply(403, err, head=head)
            b, key = self.target()
            if b != bucket:
                return self.reply(404, error_xml("NoSuchBucket", "no such bucket"), head=head)
            with lock:
                if self.command == "PUT":
                    objects[key] = (body, self.headers.get("Content-Type", "binary/octet-stream"))
                    return self.reply(200)
                if self.command == "DELETE":
                    objects.pop(key, None)
                    return self.reply(204)
                if key not in objects:
                    return self.reply(404, error_xml("NoSuchKey", "The specified key does not exist."),
                                      head=head)
                data, ctype = objects[key]
                return self.reply(200, data, ctype, head=head)

        do_PUT = do_GET = do_HEAD = do_DELETE = handle_any

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    if sys.argv[1] == "sign":
        sign_main()
    else:
        serve_main(*sys.argv[2:6])
