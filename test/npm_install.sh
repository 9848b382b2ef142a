#!/bin/sh
# Installs a test directory's npm packages (its package-lock.json) unless
# they are there already, holding a lock so that tests running in parallel
# never install into the same node_modules at once (one `npm ci` replacing
# files another test's node process has mapped ends that process).
#
# Usage: npm_install.sh DIR PATH...
#   PATH: files or directories under DIR that the installation provides
#   (node_modules/@duckdb/node-api, node_modules/.bin/s3rver, ...).
# Exit status: 0 when every PATH exists afterwards, 1 otherwise (with the
# reason on stderr).
set -eu
dir=$1
shift
missing() {
  for path in "$@"; do
    [ -e "$dir/$path" ] || return 0
  done
  return 1
}
missing "$@" || exit 0
exec 9>"$dir/.npm-install.lock"
flock 9
missing "$@" || exit 0
# npm ci can refuse a lock that lacks other platforms' optional DuckDB
# bindings (an npm quirk); an install that leaves the lock alone follows.
(cd "$dir" && { npm ci --no-audit --no-fund --loglevel=silent >/dev/null 2>&1 ||
                npm install --no-save --no-audit --no-fund --loglevel=error >/dev/null; }) || {
  echo "npm ci / npm install failed in $dir" >&2
  exit 1
}
if missing "$@"; then
  echo "npm install in $dir did not provide: $*" >&2
  exit 1
fi
