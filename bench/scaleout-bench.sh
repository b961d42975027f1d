#!/usr/bin/env bash
# Scale-out benchmark (issue 14): one 10,000-order import (1 item each) on one instance, then on
# two instances of the service on one PostgreSQL, with the payment peer answering after
# SCALEOUT_BENCH_PAYMENT_DELAY_MS (20 ms). On a 2-core host the run is CPU-bound, so besides the
# wall time it reports the CPU each process used per order and how the charges were split between
# the instances.
#
#   bench/scaleout-bench.sh
#
# 1. freezes the built WAR and runtime (run `mvn -o -DskipTests package` first) in
#    target/bench/scaleout/;
# 2. starts the run command's services-only mode with a database folder of its own
#    (target/bench/scaleout/db, emptied first), PostgreSQL on :25472, WireMock payment peer on
#    :9121 (fixed delay), notification peer on :9122, no request journals;
# 3. for 1, then 2 instances: starts them (-Xmx512m, INSTANCE_ID bench-1, bench-2, ports 8091,
#    8092, each with a folder of its own), warms them up with a 1,000-order import, then uploads
#    the 10,000-order file to bench-1 and polls it every 0.5 s until it ends; CPU time (utime +
#    stime from /proc) of each Payara JVM, of PostgreSQL (postmaster, its backends and the ones
#    that exited) and of the WireMock JVM is read before and after; the split of the charges comes
#    from orders.claimed_by (bench/ScaleOutSplit.java); stops the instances.
#
# Every wait has a deadline; everything started is stopped on exit. The summary is printed and
# appended to target/bench/scaleout-bench.txt. Exit 0 when both imports completed with all
# orders paid, 1 otherwise.
#
# 4. with SCALEOUT_BENCH_100 (default 0: skipped), after the one-instance run: uploads a
#    CSV of that size to bench-1 (IMPORT_MAX_BYTES is 200 MiB here), stops the import it made at
#    at once (DELETE), and reports the upload's wall time and the Payara heap in use (jstat, sampled
#    every 200 ms) before and at most during it.
#
# Knobs: SCALEOUT_BENCH_ORDERS (10000), SCALEOUT_BENCH_WARMUP_ORDERS (1000),
# SCALEOUT_BENCH_PAYMENT_DELAY_MS (20), SCALEOUT_BENCH_TIME_LIMIT_S (1500); IMPORT_PAYMENT_PARALLELISM
# and IMPORT_CHARGE_PAGE pass through to the service (defaults 16 and 10).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source bench/lib.sh

ORDERS=${SCALEOUT_BENCH_ORDERS:-10000}
WARMUP_ORDERS=${SCALEOUT_BENCH_WARMUP_ORDERS:-1000}
PAYMENT_DELAY_MS=${SCALEOUT_BENCH_PAYMENT_DELAY_MS:-20}
UPLOAD_MIB=${SCALEOUT_BENCH_UPLOAD_MIB:-0}
TIME_LIMIT_S=${SCALEOUT_BENCH_TIME_LIMIT_S:-1500}
DB_PORT=25472
PAYMENT_PORT=9121
NOTIFICATION_PORT=9122
PORTS=(8091 8092)
START=$(date +%s)
DEADLINE=$((START + TIME_LIMIT_S - 60))
TICK=$(getconf CLK_TCK)

OUT=target/bench/scaleout
RESULT_TXT=target/bench/scaleout-bench.txt
JDBC_URL=jdbc:postgresql://127.0.0.1:$DB_PORT/postgres
PAY=http://127.0.0.1:$PAYMENT_PORT
TAG=$(date -u +%Y%m%d%H%M%S)-$$
CURL=(curl -s --noproxy '*' --max-time 10)

SERVICES_PID=
PAYARA_PIDS=()
SUMMARY=()
RC=0

log() { printf '[scaleout-bench %s +%3ss] %s\n' "$(date +%H:%M:%S)" "$(elapsed)" "$*" >&2; }

cleanup() {
  local pid
  for pid in "${PAYARA_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PAYARA_PIDS[@]}"; do
    wait_pid_gone "$pid" 30 || kill -9 "$pid" 2>/dev/null || true
  done
  if [[ -n $SERVICES_PID ]]; then
    kill -INT -- "-$SERVICES_PID" 2>/dev/null || true
    wait_group_gone "$SERVICES_PID" 30 || kill -9 -- "-$SERVICES_PID" 2>/dev/null || true
  fi
  # The embedded PostgreSQL is daemonised out of that group: stop it by its data folder.
  if [[ -f $OUT/db/postmaster.pid ]]; then
    pid=$(head -n1 "$OUT/db/postmaster.pid")
    kill -INT "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" 20 || kill -9 "$pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# CPU seconds (utime + stime) of process $1, with its exited children's when $2 is "with-children".
cpu_of() {
  [[ -r /proc/$1/stat ]] || {
    echo 0
    return
  }
  awk -v tick="$TICK" -v kids="${2:-}" '{
    sub(/^.*\) /, ""); t = $12 + $13; if (kids == "with-children") t += $14 + $15; printf "%.2f", t / tick }' "/proc/$1/stat"
}

# CPU seconds of PostgreSQL: the postmaster with the backends that exited, plus the live ones.
cpu_of_postgres() {
  local pm total pid
  pm=$(head -n1 "$OUT/db/postmaster.pid")
  total=$(cpu_of "$pm" with-children)
  for pid in $(pgrep -P "$pm" || true); do
    total=$(awk -v a="$total" -v b="$(cpu_of "$pid")" 'BEGIN { printf "%.2f", a + b }')
  done
  echo "$total"
}

make_csv() {
  local file=$1 orders=$2 label=$3
  {
    echo "order_ref,customer_email,customer_name,product_name,quantity,unit_price"
    awk -v n="$orders" -v tag="$TAG-$label" 'BEGIN { for (i = 0; i < n; i++)
      printf "%s-%d,c%d-%s@example.com,Bench,Pen,1,%d\n", tag, i, i, tag, 100 + i % 900 }'
  } >"$file"
}

start_payara() {
  local n=$1 port=${PORTS[$(($1 - 1))]}
  local dir=$OUT/instance-$n-$2
  rm -rf "$dir"
  mkdir -p "$dir/work"
  (
    cd "$dir/work"
    exec env DB_URL="$JDBC_URL" DB_USER=postgres DB_PASSWORD=postgres \
      PAYMENT_SERVICE_URL="$PAY" NOTIFICATION_SERVICE_URL="http://127.0.0.1:$NOTIFICATION_PORT" \
      PAYMENT_WEBHOOK_SECRET=bench-secret INSTANCE_ID="bench-$n" IMPORT_MAX_BYTES=209715200 \
      java -Xmx512m -jar "$ROOT/$OUT/runtime/payara-micro.jar" --deploy "$ROOT/$OUT/order-service.war" \
      --port "$port" --nohazelcast --addlibs "$ROOT/$OUT/runtime/postgresql.jar" \
      --postbootcommandfile "$ROOT/$OUT/post-boot-commands.asadmin" --rootdir "$ROOT/$dir/root" \
      >"$ROOT/$dir/payara.log" 2>&1 </dev/null
  ) &
  PAYARA_PIDS+=("$!")
}

await_ready() {
  local port=$1 t0=$SECONDS
  until [[ $("${CURL[@]}" --max-time 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/orders/?limit=1" || true) == 200 ]]; do
    ((SECONDS - t0 < 300)) || die "instance on :$port not ready after 300 s"
    need_time 60 "instance on :$port"
    sleep 0.5
  done
  log "instance on :$port ready after $((SECONDS - t0)) s"
}

upload() {
  "${CURL[@]}" --max-time 120 -X POST "http://127.0.0.1:${PORTS[0]}/api/v1/order-imports?file_name=$(basename "$1")" \
    -H 'Content-Type: text/csv' --data-binary "@$1" | sed -E 's/^\{"id":([0-9]+).*/\1/'
}

# The median time of 20 GET /api/v1/order-imports/$1, in ms.
get_median_ms() {
  local i
  for i in $(seq 20); do
    "${CURL[@]}" -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:${PORTS[0]}/api/v1/order-imports/$1"
  done | sort -n | sed -n 10p | awk '{ printf "%.1f", $1 * 1000 }'
}

field() { sed -E "s/.*\"$2\":\"?([^,\"]*)\"?.*/\1/" <<<"$1"; }

await_import() {
  local id=$1 body status
  while :; do
    body=$("${CURL[@]}" "http://127.0.0.1:${PORTS[0]}/api/v1/order-imports/$id")
    status=$(field "$body" status)
    [[ $status == running || $status == queued ]] || break
    need_time 30 "import $id to end"
    sleep 0.5
  done
  echo "$body"
}

# Heap in use (MiB) of JVM $1: survivor, eden and old generation.
heap_used() { jstat -gc "$1" | awk 'NR == 2 { printf "%d", ($3 + $4 + $6 + $8) / 1024 }'; }

# Uploads a CSV of $UPLOAD_MIB MiB to bench-1, stops the import it made, reports time and heap.
big_upload() {
  local pid=$1 file=$OUT/upload-${UPLOAD_MIB}mib.csv sampler max before t0 t1 id code
  {
    echo "order_ref,customer_email,customer_name,product_name,quantity,unit_price"
    awk -v n=$((UPLOAD_MIB * 1048576 / 81)) -v tag="$TAG-big" 'BEGIN { for (i = 0; i < n; i++)
      printf "%s-%d,u%d@example.com,Upload Bench,Pen with a long name,1,%d\n", tag, i, i, 100 + i % 900 }'
  } >"$file"
  before=$(heap_used "$pid")
  (while :; do heap_used "$pid"; echo; sleep 0.2; done) >"$OUT/heap-samples.txt" 2>/dev/null &
  sampler=$!
  t0=$(date +%s.%N)
  id=$(upload "$file")
  t1=$(date +%s.%N)
  kill "$sampler" 2>/dev/null || true
  [[ $id =~ ^[0-9]+$ ]] || die "the big upload was refused: $id"
  code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -X DELETE "http://127.0.0.1:${PORTS[0]}/api/v1/order-imports/$id" || true)
  max=$(sort -n "$OUT/heap-samples.txt" | tail -n1)
  echo "upload of $(stat -c %s "$file") bytes: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s to the 202; Payara heap in use ${before} MiB before, at most ${max} MiB while it ran (-Xmx512m); DELETE of import $id answered $code"
}

# --------------------------------------------------------------------------------------------
[[ -f target/order-service.war && -f target/runtime/payara-micro.jar ]] \
  || die "build first: mvn -o -DskipTests package"
rm -rf "$OUT"
mkdir -p "$OUT/runtime"
cp target/order-service.war src/main/payara/post-boot-commands.asadmin "$OUT/"
cp target/runtime/payara-micro.jar target/runtime/postgresql.jar "$OUT/runtime/"
make_csv "$OUT/warmup-1.csv" "$WARMUP_ORDERS" warm1
make_csv "$OUT/warmup-2.csv" "$WARMUP_ORDERS" warm2
make_csv "$OUT/import-1.csv" "$ORDERS" one
make_csv "$OUT/import-2.csv" "$ORDERS" two

log "starting dev services (database in $OUT/db)"
env -u DB_URL -u DB_USER -u DB_PASSWORD -u PAYMENT_SERVICE_URL -u NOTIFICATION_SERVICE_URL \
  -u MP_JWT_VERIFY_PUBLICKEY -u MP_JWT_VERIFY_PUBLICKEY_LOCATION -u MP_JWT_VERIFY_ISSUER -u MP_JWT_VERIFY_AUDIENCES \
  DEV_SERVICES_ONLY=true DEV_PEERS_JOURNAL=false DEV_DB_PORT=$DB_PORT DEV_DB_DIR="$OUT/db" \
  DEV_PAYMENT_PORT=$PAYMENT_PORT DEV_NOTIFICATION_PORT=$NOTIFICATION_PORT \
  setsid mvn -B -q -e -o -Prun -Dspotless.check.skip=true -DskipTests package >"$OUT/services.log" 2>&1 </dev/null &
SERVICES_PID=$!
until grep -q 'Dev services ready.' "$OUT/services.log" 2>/dev/null; do
  kill -0 "$SERVICES_PID" 2>/dev/null || die "dev services exited; see $OUT/services.log"
  need_time 120 "the dev services"
  sleep 0.5
done
read_dev_tokens "$OUT/services.log"
PEERS_PID=$(pgrep -g "$SERVICES_PID" -x java | head -n1 || true)
"${CURL[@]}" -f -X POST "$PAY/__admin/settings" -H 'Content-Type: application/json' \
  -d "{\"fixedDelay\": $PAYMENT_DELAY_MS}" >/dev/null || die "could not set the payment peer's delay"
log "dev services ready; payment peer delay $PAYMENT_DELAY_MS ms"

for instances in 1 2; do
  log "--- $instances instance(s)"
  PAYARA_PIDS=()
  for ((n = 1; n <= instances; n++)); do
    start_payara "$n" "$instances"
  done
  for ((n = 1; n <= instances; n++)); do
    await_ready "${PORTS[$((n - 1))]}"
  done
  warm=$(upload "$OUT/warmup-$instances.csv")
  [[ $warm =~ ^[0-9]+$ ]] || die "warm-up upload refused: $warm"
  await_import "$warm" >/dev/null
  log "warmed up with import $warm ($WARMUP_ORDERS orders)"

  declare -A cpu_before=()
  for ((n = 1; n <= instances; n++)); do
    cpu_before[$n]=$(cpu_of "${PAYARA_PIDS[$((n - 1))]}")
  done
  pg_before=$(cpu_of_postgres)
  peers_before=$(cpu_of "${PEERS_PID:-0}")
  t0=$(date +%s.%N)
  id=$(upload "$OUT/import-$instances.csv")
  [[ $id =~ ^[0-9]+$ ]] || die "upload refused: $id"
  body=$(await_import "$id")
  t1=$(date +%s.%N)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  status=$(field "$body" status)
  paid=$(field "$body" orders_paid)
  [[ $status == completed && $paid == "$ORDERS" ]] || {
    log "import $id ended $status with $paid of $ORDERS paid"
    RC=1
  }
  line="$instances instance(s): import $id $status, $paid/$ORDERS paid in ${wall} s ($(awk -v w="$wall" -v n="$ORDERS" 'BEGIN { printf "%.0f", n / w }') orders/s)"
  payara_total=0
  for ((n = 1; n <= instances; n++)); do
    used=$(awk -v a="${cpu_before[$n]}" -v b="$(cpu_of "${PAYARA_PIDS[$((n - 1))]}")" 'BEGIN { printf "%.2f", b - a }')
    payara_total=$(awk -v a="$payara_total" -v b="$used" 'BEGIN { printf "%.2f", a + b }')
    line+=$'\n'"  bench-$n Payara CPU ${used} s = $(awk -v c="$used" -v n="$ORDERS" 'BEGIN { printf "%.2f", c * 1000 / n }') ms/order"
  done
  pg_used=$(awk -v a="$pg_before" -v b="$(cpu_of_postgres)" 'BEGIN { printf "%.2f", b - a }')
  peers_used=$(awk -v a="$peers_before" -v b="$(cpu_of "${PEERS_PID:-0}")" 'BEGIN { printf "%.2f", b - a }')
  line+=$'\n'"  Payara total $(awk -v c="$payara_total" -v n="$ORDERS" 'BEGIN { printf "%.2f", c * 1000 / n }') ms/order, PostgreSQL $(awk -v c="$pg_used" -v n="$ORDERS" 'BEGIN { printf "%.2f", c * 1000 / n }') ms/order, WireMock peers $(awk -v c="$peers_used" -v n="$ORDERS" 'BEGIN { printf "%.2f", c * 1000 / n }') ms/order"
  line+=$'\n'"$(java -cp "$OUT/runtime/postgresql.jar" bench/ScaleOutSplit.java "$JDBC_URL" postgres postgres "$id" | sed 's/^/  /')"
  line+=$'\n'"  GET /api/v1/order-imports/$id, 20 calls: median $(get_median_ms "$id") ms"
  line+=$'\n'"  load average $(cut -d' ' -f1-3 /proc/loadavg)"
  log "$line"
  SUMMARY+=("$line")
  if ((instances == 1 && UPLOAD_MIB > 0)); then
    line=$(big_upload "${PAYARA_PIDS[0]}")
    log "$line"
    SUMMARY+=("$line")
  fi

  for pid in "${PAYARA_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PAYARA_PIDS[@]}"; do
    wait_pid_gone "$pid" 60 || kill -9 "$pid" 2>/dev/null || true
  done
done

{
  echo "== scaleout-bench $(date -u +%FT%TZ) $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, payment delay ${PAYMENT_DELAY_MS} ms, $ORDERS orders"
  printf '%s\n' "${SUMMARY[@]}"
} | tee -a "$RESULT_TXT"
exit "$RC"
