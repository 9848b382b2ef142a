#!/usr/bin/env bash
# S3FileIO next to the AWS CLI, over loopback against a throwaway server.
# Usage: bench/s3_bench.sh [path/to/s3_bench] [swift|s3rver]
# Runs inside test/s3/with_swift.sh (default) or with_s3rver.sh:
#   1. s3_bench get 256: a 256 MiB object read with parallel ranged GETs,
#      and `aws s3 cp` of the same object to /dev/null;
#   2. s3_bench small: 4 KiB PUT/GET p50, next to `aws s3api put-object` /
#      `get-object` (one process per request, as a script would use it) and
#      botocore in one process (the library under the CLI, connections reused).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bench=${1:-build/bin/s3_bench}
server=${2:-swift}
bench=$(cd "$(dirname "$bench")" && pwd)/$(basename "$bench")
exec "$here/../test/s3/with_$server.sh" bash -c '
set -euo pipefail
bench=$1
export AWS_ACCESS_KEY_ID=$FLOE_S3_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$FLOE_S3_SECRET_ACCESS_KEY
export AWS_DEFAULT_REGION=$FLOE_S3_REGION AWS_EC2_METADATA_DISABLED=true
aws="/usr/bin/aws --endpoint-url $FLOE_S3_ENDPOINT"
echo "== floe: 256 MiB GET with parallel ranges"
"$bench" get 256 3
echo "== AWS CLI: aws s3 cp of a 256 MiB object to /dev/null (its default 10 concurrent ranged GETs)"
head -c $((256 << 20)) /dev/zero > /tmp/floe-s3-bench-256m.bin
$aws s3 cp --quiet /tmp/floe-s3-bench-256m.bin "s3://$FLOE_S3_BUCKET/cli/large.bin"
rm -f /tmp/floe-s3-bench-256m.bin
for run in 1 2 3; do
  start=$(date +%s.%N)
  $aws s3 cp --quiet "s3://$FLOE_S3_BUCKET/cli/large.bin" /dev/null
  end=$(date +%s.%N)
  echo "aws s3 cp run $run: $(echo "$end - $start" | bc) s, $(echo "268.435456 / ($end - $start)" | bc) MB/s"
done
echo "== floe: 4 KiB PUT/GET"
"$bench" small 200
echo "== AWS CLI and botocore: 4 KiB PUT/GET"
/usr/bin/python3 - <<PY
import os, statistics, subprocess, time
import botocore.session
from botocore.config import Config
endpoint, bucket = os.environ["FLOE_S3_ENDPOINT"], os.environ["FLOE_S3_BUCKET"]
payload = "/tmp/floe-s3-bench-4k.bin"
open(payload, "wb").write(b"x" * 4096)
aws = ["/usr/bin/aws", "--endpoint-url", endpoint, "s3api"]
def timed(command):
    start = time.perf_counter(); subprocess.run(command, check=True, stdout=subprocess.DEVNULL); return (time.perf_counter() - start) * 1000
puts = [timed(aws + ["put-object", "--bucket", bucket, "--key", "cli/small-%d" % i, "--body", payload]) for i in range(20)]
gets = [timed(aws + ["get-object", "--bucket", bucket, "--key", "cli/small-%d" % i, "/dev/null"]) for i in range(20)]
print("aws s3api 4 KiB PUT: p50 %.1f ms (20, one process each)" % statistics.median(puts))
print("aws s3api 4 KiB GET: p50 %.1f ms (20, one process each)" % statistics.median(gets))
client = botocore.session.get_session().create_client("s3", endpoint_url=endpoint, region_name=os.environ["AWS_DEFAULT_REGION"],
    config=Config(s3={"addressing_style": "path"}))
body = b"x" * 4096
puts, gets = [], []
for i in range(200):
    start = time.perf_counter(); client.put_object(Bucket=bucket, Key="boto/small-%d" % i, Body=body); puts.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter(); client.get_object(Bucket=bucket, Key="boto/small-%d" % i)["Body"].read(); gets.append((time.perf_counter() - start) * 1000)
print("botocore 4 KiB PUT: p50 %.2f ms (200, one client)" % statistics.median(puts))
print("botocore 4 KiB GET: p50 %.2f ms (200, one client)" % statistics.median(gets))
os.remove(payload)
PY
' bash "$bench"
