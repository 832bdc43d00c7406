#!/usr/bin/env bash
# Debian packages the tests and benchmarks use: Chromium for browser tests, wrk for load,
# nginx for the production profile (scripts/cluster.py runs its own, on 127.0.0.1).
# Installs only what is missing, and only when running as root with apt-get.
set -u
want=()
for pkg in "$@"; do
  case $pkg in
    chromium) command -v chromium >/dev/null 2>&1 || want+=(chromium) ;;
    wrk) command -v wrk >/dev/null 2>&1 || want+=(wrk) ;;
    nginx) command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || want+=(nginx) ;;
    *) want+=("$pkg") ;;
  esac
done
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: please install: ${want[*]} (needs root and apt-get)" >&2
  exit 0
fi
echo "installing ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq "${want[@]}" >/dev/null || { echo "warning: apt-get install ${want[*]} failed" >&2; exit 0; }
# Debian starts nginx's default site on every address at install: our nginx is started by
# scripts/cluster.py with its own configuration, so the system one is stopped and disabled.
if [[ " ${want[*]} " == *" nginx "* ]]; then
  { systemctl disable --now nginx || service nginx stop; } >/dev/null 2>&1 || true
fi
