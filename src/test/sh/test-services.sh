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

# The browser tests (*BrowserIT) drive the system's headless Chromium through its chromedriver:
# Debian's chromium and chromium-driver, installed here when missing (CI runs as root).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "Chromium is missing; installing chromium and chromium-driver"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
  else
    sudo -n apt-get update -q && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
  fi
fi
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "Chromium and chromedriver are required at /usr/bin for the browser tests" >&2
  exit 1
fi
echo "Chromium is installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
