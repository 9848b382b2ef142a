#!/usr/bin/env bash
# End to end: `floe serve` with a SQLite catalog and an S3 warehouse.
# Run inside test/s3/with_swift.sh (or with_s3rver.sh), which provides FLOE_S3_*.
#
# Usage: serve_s3_test.sh FLOE_BINARY S3_WRITE_SNAPSHOT_FILES_BINARY
# Creates a namespace and a table, commits an append snapshot whose manifest
# and manifest list were written to S3, loads the table, checks credential
# vending and /readyz, and lists the objects with Debian's AWS CLI.
set -euo pipefail
floe=$1
write_snapshot=$2
aws=/usr/bin/aws
if [ ! -x "$aws" ]; then
  echo "serve_s3_test.sh: Debian's awscli is not installed (scripts/deps.sh test)" >&2
  exit 77
fi
python=/usr/bin/python3
dir=$(mktemp -d "${TMPDIR:-/tmp}/floe-serve-s3.XXXXXX")
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' INT TERM
fail() {
  echo "FAIL: $*" >&2
  echo "--- floe serve log" >&2
  tail -n 30 "$dir/serve.log" >&2 || true
  exit 1
}

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
warehouse="s3://$FLOE_S3_BUCKET/warehouse-$$"
# Settings as a deployment passes them: flags for the endpoint, secrets from the environment.
FLOE_S3_SECRET_ACCESS_KEY="$FLOE_S3_SECRET_ACCESS_KEY" \
  "$floe" serve --port "$port" --trino-port 0 --address 127.0.0.1 --catalog-uri "$dir/catalog.db" --warehouse "$warehouse/" \
  --s3-endpoint "$FLOE_S3_ENDPOINT" --s3-path-style-access true --s3-region "$FLOE_S3_REGION" \
  --s3-access-key-id "$FLOE_S3_ACCESS_KEY_ID" >"$dir/serve.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for i in $(seq 1 100); do
  curl -sf -o /dev/null "$base/healthz" && break
  kill -0 "$server_pid" 2>/dev/null || fail "floe serve exited"
  sleep 0.1
done
ready=$(curl -s -w '%{http_code}' -o "$dir/readyz.json" "$base/readyz")
[ "$ready" = 200 ] || fail "/readyz answered $ready: $(cat "$dir/readyz.json")"

request() {  # METHOD PATH [BODY] [HEADER]: prints the body, fails on non-2xx
  local method=$1 path=$2 body=${3:-} header=${4:-X-Floe-Test: 1}
  local code
  code=$(curl -s -o "$dir/response.json" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' \
    -H "$header" ${body:+--data "$body"} "$base$path")
  [ "${code:0:1}" = 2 ] || fail "$method $path -> $code: $(cat "$dir/response.json")"
  cat "$dir/response.json"
}
json() {  # EXPRESSION: evaluates a Python expression over the JSON document `d` on stdin
  "$python" -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

request POST /v1/namespaces '{"namespace":["sales"]}' >/dev/null
created=$(request POST /v1/namespaces/sales/tables \
  '{"name":"orders","schema":{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","type":"long","required":true}]}}' \
  'X-Iceberg-Access-Delegation: vended-credentials')
location=$(echo "$created" | json 'd["metadata"]["location"]')
[ "$location" = "$warehouse/sales/orders" ] || fail "table location $location, expected under $warehouse"
# Credential vending: config and storage-credentials carry the S3 settings.
echo "$created" | json 'd["config"]["s3.access-key-id"]' | grep -qx "$FLOE_S3_ACCESS_KEY_ID" ||
  fail "createTable did not vend s3.access-key-id: $created"
echo "$created" | json 'd["config"]["s3.endpoint"]' | grep -qx "$FLOE_S3_ENDPOINT" || fail "no s3.endpoint in config"
echo "$created" | json 'd["storage-credentials"][0]["prefix"]' | grep -qx "$warehouse" || fail "no storage-credentials"

snapshot_id=4242
manifest_list=$("$write_snapshot" "$location" "$snapshot_id") || fail "writing the snapshot files to S3 failed"
request POST /v1/namespaces/sales/tables/orders "{
  \"requirements\": [{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"main\", \"snapshot-id\": null}],
  \"updates\": [
    {\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": $snapshot_id, \"sequence-number\": 1,
      \"timestamp-ms\": $(date +%s000), \"manifest-list\": \"$manifest_list\", \"schema-id\": 0,
      \"summary\": {\"operation\": \"append\", \"added-data-files\": \"1\", \"added-records\": \"3\"}}},
    {\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\", \"type\": \"branch\", \"snapshot-id\": $snapshot_id}
  ]}" >/dev/null

loaded=$(request GET /v1/namespaces/sales/tables/orders)
echo "$loaded" | json 'd["metadata"]["current-snapshot-id"]' | grep -qx "$snapshot_id" || fail "snapshot not current: $loaded"
metadata_location=$(echo "$loaded" | json 'd["metadata-location"]')
case "$metadata_location" in "$warehouse"/sales/orders/metadata/*.metadata.json) ;; *) fail "metadata at $metadata_location" ;; esac
echo "$loaded" | json '"storage-credentials" in d' | grep -qx False || fail "credentials vended without being asked for"
credentials=$(request GET /v1/namespaces/sales/tables/orders/credentials)
echo "$credentials" | json 'd["storage-credentials"][0]["config"]["s3.secret-access-key"]' | grep -qx "$FLOE_S3_SECRET_ACCESS_KEY" ||
  fail "loadCredentials: $credentials"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/namespaces/sales/tables/missing/credentials")
[ "$code" = 404 ] || fail "loadCredentials of a missing table answered $code"

# An independent S3 client sees the objects floe wrote.
export AWS_ACCESS_KEY_ID="$FLOE_S3_ACCESS_KEY_ID" AWS_SECRET_ACCESS_KEY="$FLOE_S3_SECRET_ACCESS_KEY"
export AWS_DEFAULT_REGION="$FLOE_S3_REGION" AWS_EC2_METADATA_DISABLED=true
"$aws" --endpoint-url "$FLOE_S3_ENDPOINT" s3 ls --recursive "s3://$FLOE_S3_BUCKET/warehouse-$$/" >"$dir/objects.txt" ||
  fail "aws s3 ls failed"
cat "$dir/objects.txt"
[ "$(grep -c '\.metadata\.json$' "$dir/objects.txt")" -ge 2 ] || fail "expected 2 metadata files (create + commit)"
grep -q "metadata/manifest-$snapshot_id-m0.avro$" "$dir/objects.txt" || fail "manifest not listed by aws s3 ls"
grep -q "metadata/snap-$snapshot_id-1-manifest-list.avro$" "$dir/objects.txt" || fail "manifest list not listed"
key=${metadata_location#s3://$FLOE_S3_BUCKET/}
"$aws" --endpoint-url "$FLOE_S3_ENDPOINT" s3 cp "s3://$FLOE_S3_BUCKET/$key" "$dir/current.metadata.json" >/dev/null
json 'd["current-snapshot-id"]' <"$dir/current.metadata.json" | grep -qx "$snapshot_id" ||
  fail "the metadata file read by the AWS CLI has no current snapshot $snapshot_id"

# A purge deletes the table's objects from S3.
request DELETE "/v1/namespaces/sales/tables/orders?purgeRequested=true" >/dev/null
# (aws s3 ls exits 1 when nothing matches)
remaining=$({ "$aws" --endpoint-url "$FLOE_S3_ENDPOINT" s3 ls --recursive "s3://$FLOE_S3_BUCKET/warehouse-$$/sales/orders/" || true; } | wc -l)
echo "objects left after purge: $remaining"
[ "$remaining" = 0 ] || fail "purge left $remaining objects"
# /readyz reports an unusable warehouse (here a missing bucket) as 503 with the reason.
kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
FLOE_S3_SECRET_ACCESS_KEY="$FLOE_S3_SECRET_ACCESS_KEY" \
  "$floe" serve --port "$port" --trino-port 0 --address 127.0.0.1 --catalog-uri "$dir/catalog.db" \
  --warehouse "s3://floe-no-such-bucket/warehouse" --s3-endpoint "$FLOE_S3_ENDPOINT" --s3-path-style-access true \
  --s3-region "$FLOE_S3_REGION" --s3-access-key-id "$FLOE_S3_ACCESS_KEY_ID" >"$dir/serve.log" 2>&1 &
server_pid=$!
for i in $(seq 1 100); do
  curl -sf -o /dev/null "$base/healthz" && break
  kill -0 "$server_pid" 2>/dev/null || fail "floe serve exited"
  sleep 0.1
done
ready=$(curl -s -w '%{http_code}' -o "$dir/readyz.json" "$base/readyz")
[ "$ready" = 503 ] || fail "/readyz with a missing bucket answered $ready"
grep -q "NoSuchBucket" "$dir/readyz.json" || fail "/readyz does not name the missing bucket: $(cat "$dir/readyz.json")"
cat "$dir/readyz.json"; echo
echo "PASS: floe serve on an S3 warehouse"
