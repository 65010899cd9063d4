#!/usr/bin/env bash
# Every row of the summary table in bench/README.md, one after the other, on a machine with
# nothing else running (about 35 minutes). Each benchmark's output goes to its own file in
# the folder given (default bench-results/<date and time>), with the load average before and
# after it: a ratio measured while other jobs ran is not a quiet figure.
# Needs PostgreSQL and Redis on 127.0.0.1 and the national data set in BENCH_DATABASE_URL
# (default outreach_bench): `manage.py generate_data national` (bench/README.md, Data sets).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-results/$(date -u +%Y%m%dT%H%MZ)}"
mkdir -p "$out"
export DEMO_MODE=1
py=.venv/bin/python

run() {
  local name="$1"
  shift
  echo "== $name: $* (load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%S) UTC)"
  {
    echo "\$ $*"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
    "$@"
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
  } >"$out/$name.txt" 2>&1
  tail -n 20 "$out/$name.txt"
}

run pages $py -m bench.bench_pages --runs 3
run http $py bench/bench_http.py --runs 3
run floor $py -m bench.bench_floor --rounds 12 --seconds 3
run sms-defaults $py bench/bench_sms.py --messages 2000 --workers 1 2
run sms-16-at-50 env SMS_SEND_RATE_PER_SECOND=50 SMS_SEND_CONCURRENCY=16 \
  $py bench/bench_sms.py --messages 2000 --workers 1 2
run sms-crash-loop $py -m bench.sms_crash_loop --runs 100 --max-minutes 30
run sms-faults $py -m bench.sms_crash_loop --faults --messages 200 --runs 1
echo "All results in $out"
