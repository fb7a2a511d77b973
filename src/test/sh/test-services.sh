#!/usr/bin/env bash
# Makes sure the real services the integration tests use are up before they run (Maven's
# pre-integration-test phase calls this). PostgreSQL is the machine's own, on 127.0.0.1:5432.
set -euo pipefail

postgres_up() {
  (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
}

if ! postgres_up; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; trying to start the local cluster"
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    version=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  for _ in $(seq 1 30); do postgres_up && break; sleep 1; done
fi
if ! postgres_up; then
  echo "PostgreSQL is required on 127.0.0.1:5432 (trust auth, database test) for the *IT tests" >&2
  exit 1
fi
echo "PostgreSQL is up on 127.0.0.1:5432"
