#!/usr/bin/env bash
# make test runs the suite on PostgreSQL too: start the local server if it is down,
# and fail (never skip) if it cannot be reached.
set -euo pipefail
host=127.0.0.1; port=5432
ready() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }
if ready; then exit 0; fi
echo "PostgreSQL is not answering on $host:$port; starting it ..."
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
fi
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "PostgreSQL could not be started on $host:$port: the PostgreSQL half of the suite cannot run." >&2
exit 1
