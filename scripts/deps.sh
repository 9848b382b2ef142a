#!/usr/bin/env bash
# Installs the Debian packages floe needs. Usage: scripts/deps.sh build|test|bench
#   build: what `make run` needs to compile and run floe.
#   test:  the above, plus the independent readers and servers the test suite uses.
# Packages already present are left alone; apt runs only when something is missing.
set -euo pipefail
profile=${1:-build}
build_pkgs=(g++ cmake ninja-build ccache pkg-config
  libfmt-dev libspdlog-dev libcli11-dev rapidjson-dev libsimdjson-dev
  zlib1g-dev libzstd-dev libsnappy-dev liblz4-dev libbrotli-dev libxxhash-dev
  libsqlite3-dev libpq-dev libcurl4-openssl-dev libssl-dev libboost-dev libedit-dev tzdata)
test_pkgs=(libgtest-dev libgmock-dev libbenchmark-dev clang python3-avro avro-bin nodejs postgresql wrk curl
  swift swift-proxy swift-account swift-container swift-object memcached awscli python3-botocore)
# Benchmarks only: nginx stands in for an S3 server to measure the S3 client's ceiling;
# GNU time gives bench/tpch.sh floe's CPU time per query.
bench_pkgs=(nginx-light time)
pkgs=("${build_pkgs[@]}")
[ "$profile" = test ] && pkgs+=("${test_pkgs[@]}")
[ "$profile" = bench ] && pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Debian's nodejs ships npm as a separate package; other node builds bundle it.
if [ "$profile" = test ] && ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "floe: installing missing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
