#!/usr/bin/env bash
# Bulk import benchmark: 10,000 orders x 2 items (20,000 CSV rows) through
# POST /api/v1/order-imports with the payment peer answering after 20 ms, against the same orders
# sent one by one through POST /api/v1/orders/ by a single client.
#
#   bench/import-bench.sh              # the 10k run (bounded: IMPORT_BENCH_TIME_LIMIT_S, 900 s)
#   bench/import-bench.sh --million    # then 500,000 orders x 2 items (1,000,000 rows) as well
#
# 1. generates target/bench/import-10k.csv (JPY, order refs unique to this run, so the service's
#    "an order_ref once per customer_email, ever" rule and its same-bytes check never bite);
# 2. builds the WAR (offline, tests skipped; retried after 60 s up to 5 times when someone is
#    mid-edit) and freezes WAR and runtime in target/bench/import/ - other builds rewrite target/
#    at any time;
# 3. starts the run command's services-only mode: embedded PostgreSQL on 127.0.0.1:25462 (data in
#    the shared target/dev-db, see below), WireMock payment peer on :9111 with a global fixed
#    delay of 20 ms, notification peer on :9112 without delay;
# 4. starts Payara Micro (-Xmx512m) on :8087, warms it (and the peers) up with imports of 5,000
#    orders until one costs Payara's JIT at most 1 s (5 at most) and waits for their mails, as the
#    one-by-one client below is measured warm too (the first warm-up's figures are printed as the
#    cold ones); then lets bench/ImportBench.java upload the 10k file, poll the import every 0.5 s until it ends, sample the Payara JVM's VmRSS every
#    0.5 s, wait until the outbox has sent the import's confirmation mails, and read the batch
#    steps' own start/end times from the job repository;
# 5. warms the create path up the same way (rounds of 3,000 creates from 16 clients), then sends
#    500 + 300 orders one after the other through POST /api/v1/orders/ and extrapolates to
#    10,000;
# 6. with --million: restarts Payara Micro (-Xmx512m, IMPORT_MAX_BYTES 1 GiB), imports the
#    1,000,000-row file with its own deadline (IMPORT_BENCH_MILLION_WAIT_S, 2400 s), polling its
#    status every 10 s only (when each poll counted the import's orders by status, the bench's own
#    polls at 0.5 s were a large part of PostgreSQL's CPU), and at the end, with all orders in place,
#    times GET /api/v1/order-imports/{id} (30 samples after 30 untimed ones, median): "import
#    status GET at N orders".
#
# Efficiency figures (issue 13), all from the same run: CPU (utime+stime from /proc) of Payara,
# PostgreSQL and the WireMock peers per imported order of the warm import (from the upload until
# the import has ended and the outbox has sent its confirmation mails) and per order of the
# one-by-one creates (from the first measured order until their mails are sent; the warm-up's
# mails are out before), then "warm import vs one-by-one: N×" (time) with the CPU ratios. Mails
# are counted through the outbox admin API: the peers run without a request journal, which would
# double WireMock's CPU per request, so WireMock cannot count them itself.
#
# Everything is on loopback, every wait has a deadline, everything started is stopped on exit
# (an import still running then is stopped through DELETE first: otherwise the next Payara on
# target/dev-db would resume it). Figures are printed and appended to target/bench/import-bench.txt.
#
# Exit: 0 correct and both targets met (import <= 30 s, >= 20x faster than one by one),
# 3 correct but a target missed or a deadline hit, 1 failure (wrong counts, set-up error).
#
# Knobs (environment): IMPORT_BENCH_TIME_LIMIT_S (900; --million adds the million wait + 600),
# IMPORT_BENCH_MILLION_WAIT_S (2400), IMPORT_BENCH_DB_WAIT_S (300: how long, in all, to wait for
# another user of target/dev-db), IMPORT_BENCH_WAIT_QUIET_S (120: how long to wait, once Payara
# is up, for java/postgres processes of other runs to go away; the figures are for an otherwise
# idle host, and the summary's "contention" lines say how idle it was), IMPORT_BENCH_ONE_BY_ONE
# (300), IMPORT_BENCH_WARMUP_ORDERS (5000; 0 measures the 10k import on a cold JVM),
# IMPORT_BENCH_WARMUP_ROUNDS (5), IMPORT_BENCH_JIT_SETTLED_S (1),
# IMPORT_BENCH_PORT (8087), IMPORT_BENCH_DB_PORT (25462), IMPORT_BENCH_PAYMENT_PORT (9111),
# IMPORT_BENCH_NOTIFICATION_PORT (9112); IMPORT_PAYMENT_PARALLELISM and IMPORT_CHUNK_SIZE pass
# through to the service (its defaults: 16 and 200). For a quick check of the script at small
# sizes: IMPORT_BENCH_ORDERS (10000: the measured import), IMPORT_BENCH_ONE_BY_ONE_WARMUP (500),
# IMPORT_BENCH_MILLION_ORDERS (500000, 2 rows each); also IMPORT_BENCH_MAIL_WAIT_S (120: the
# longest wait for an import's or the one-by-one orders' mails), IMPORT_BENCH_MILLION_POLL_S (10),
# IMPORT_BENCH_STATUS_GETS (30: timed status GETs after the million-row import, after as many
# untimed ones).
#
# target/dev-db is shared with `mvn -Prun package` and bench/fault-kill9.sh (the run command's
# DevServer always keeps its data there): as fault-kill9.sh does, this script never moves or
# deletes it, waits while another PostgreSQL uses it (and while bench/create-latency.sh runs: two
# benchmarks on two cores distort each other), and judges only the import and orders it created
# itself. DevServer's shutdown hook stops "the" PostgreSQL of target/dev-db by path: the clean-up
# lets it run only when target/dev-db/postmaster.pid names our own PostgreSQL; otherwise it
# SIGKILLs the services and stops our PostgreSQL by its pid, so another run's database is never
# stopped. Orders of each run stay in target/dev-db (10,000 per run; 500,000 with --million).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source bench/lib.sh

MILLION=false
for arg in "$@"; do
  case $arg in
    --million) MILLION=true ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "unknown argument: $arg (only --million)" >&2
      exit 2
      ;;
  esac
done

ORDERS=${IMPORT_BENCH_ORDERS:-10000}
MILLION_ORDERS=${IMPORT_BENCH_MILLION_ORDERS:-500000}
MILLION_POLL_S=${IMPORT_BENCH_MILLION_POLL_S:-10}
MAIL_WAIT_S=${IMPORT_BENCH_MAIL_WAIT_S:-120}
STATUS_GETS=${IMPORT_BENCH_STATUS_GETS:-30}
MILLION_WAIT_S=${IMPORT_BENCH_MILLION_WAIT_S:-2400}
TIME_LIMIT_S=${IMPORT_BENCH_TIME_LIMIT_S:-900}
$MILLION && TIME_LIMIT_S=$((TIME_LIMIT_S + MILLION_WAIT_S + 600))
DB_WAIT_S=${IMPORT_BENCH_DB_WAIT_S:-300}
WAIT_QUIET_S=${IMPORT_BENCH_WAIT_QUIET_S:-120}
ONE_BY_ONE=${IMPORT_BENCH_ONE_BY_ONE:-300}
# A warm JVM on both sides of the comparison: after 20 warm-up orders one order took 50 ms on
# average, while a warmed-up service answered a single client in 33 ms (p50, create-latency.sh with
# BENCH_CLIENTS=1), so the speed-up looked better than it is.
ONE_BY_ONE_WARMUP=${IMPORT_BENCH_ONE_BY_ONE_WARMUP:-500}
WARMUP_ORDERS=${IMPORT_BENCH_WARMUP_ORDERS:-5000}
WARMUP_ROUNDS=${IMPORT_BENCH_WARMUP_ROUNDS:-5}
JIT_SETTLED_S=${IMPORT_BENCH_JIT_SETTLED_S:-1}
WARMUP_DONE=0
JIT_NOTE="not settled"
APP_PORT=${IMPORT_BENCH_PORT:-8087}
DB_PORT=${IMPORT_BENCH_DB_PORT:-25462}
PAYMENT_PORT=${IMPORT_BENCH_PAYMENT_PORT:-9111}
NOTIFICATION_PORT=${IMPORT_BENCH_NOTIFICATION_PORT:-9112}
PAYMENT_DELAY_MS=20
TARGET_IMPORT_S=30
TARGET_SPEEDUP=20
BUILD_TRIES=6 # the first try and up to 5 retries, 60 s apart
CLEANUP_RESERVE_S=60 # stop the import, Payara (20 s), the services (20 s), an orphaned postmaster
STOP_GRACE_S=20

START=$(date +%s)
DEADLINE=$((START + TIME_LIMIT_S - CLEANUP_RESERVE_S))

BENCH=target/bench
OUT=$BENCH/import # private: frozen WAR and runtime, logs, upload storage, Payara root
RESULT_TXT=$BENCH/import-bench.txt
CSV_10K=$BENCH/import-10k.csv
CSV_1M=$BENCH/import-1m.csv
CSV_WARMUP=$BENCH/import-warmup.csv
BASE=http://127.0.0.1:$APP_PORT
PAY=http://127.0.0.1:$PAYMENT_PORT
NOTIF=http://127.0.0.1:$NOTIFICATION_PORT
JDBC_URL=jdbc:postgresql://127.0.0.1:$DB_PORT/postgres
# Order refs and e-mails of this run carry this tag.
TAG=$(date -u +%Y%m%d%H%M%S)-$$

# Never through a proxy from the environment: all traffic stays on loopback.
CURL=(curl -s --noproxy '*' --max-time 5)
BENCH_JAVA=(java -cp "$OUT/classes:$OUT/runtime/postgresql.jar" ImportBench)

SERVICES_PID=   # mvn -Prun, leader of its own process group (setsid)
POSTMASTER_PID= # pg_ctl daemonises PostgreSQL out of that group: tracked separately
PEERS_PID=      # the JVM inside that group that runs WireMock (for CPU accounting)
PAYARA_PID=
PAYARA_PIDS=()
PAYARA_LOG=
RC=0

log() { printf '[import-bench %s +%3ss] %s\n' "$(date +%H:%M:%S)" "$(elapsed)" "$*" >&2; }

# True when $1 is the postmaster of our data folder on our port (a PID can be reused).
is_our_postmaster() {
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$ROOT/target/dev-db"* && $cmd == *"-p $DB_PORT"* ]]
}

# Our postmaster, found by its command line (our port, the target/dev-db path it was started
# with) rather than by target/dev-db/postmaster.pid: bench/create-latency.sh moves target/dev-db
# aside after its build, and a PostgreSQL started on the folder meanwhile keeps running in the
# moved folder (seen), so the pid file there may name another run's PostgreSQL.
find_our_postmaster() {
  local pid
  for pid in $(pgrep -f -- "-p $DB_PORT( |$)" || true); do
    is_our_postmaster "$pid" || continue
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == postgres ]] || continue
    echo "$pid"
    return 0
  done
  return 1
}

# True when target/dev-db/postmaster.pid names our postmaster. Only then may DevServer's shutdown
# hook run: it stops "the" PostgreSQL of target/dev-db with pg_ctl, which otherwise is somebody
# else's (seen: a create-latency.sh run lost its database that way).
dev_db_is_ours() {
  local pid
  [[ -n $POSTMASTER_PID ]] || return 1
  pid=$(head -n1 target/dev-db/postmaster.pid 2>/dev/null || true)
  [[ $pid == "$POSTMASTER_PID" ]]
}

# As in fault-kill9.sh: a live PostgreSQL (not ours) on target/dev-db, a copy an older
# create-latency.sh moved aside, or bench/create-latency.sh running (older versions moved
# target/dev-db aside after their build; the current one does not, but it loads the same two
# cores). There is no shared lock to take.
dev_db_busy() {
  local pid
  [[ -e $BENCH/dev-db.saved ]] && return 0
  pgrep -f 'bench/create-latency\.sh' >/dev/null && return 0
  [[ -f target/dev-db/postmaster.pid ]] || return 1
  pid=$(head -n1 target/dev-db/postmaster.pid 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# An import of ours still queued or running would be resumed by the next Payara that starts on
# target/dev-db (an unfinished import is taken over): stop it while our Payara is still up.
stop_unfinished_import() {
  local id status i
  for f in "$OUT"/*.props.id; do
    [[ -f $f ]] || continue
    id=$(cat "$f")
    status=$("${CURL[@]}" "$BASE/api/v1/order-imports/$id" | sed -n 's/.*"status" *: *"\([a-z_]*\)".*/\1/p')
    [[ $status == queued || $status == running ]] || continue
    log "import $id is still $status: stopping it (DELETE) so no later run resumes it"
    "${CURL[@]}" -o /dev/null -X DELETE "$BASE/api/v1/order-imports/$id"
    for ((i = 0; i < 30; i++)); do
      sleep 1
      status=$("${CURL[@]}" "$BASE/api/v1/order-imports/$id" | sed -n 's/.*"status" *: *"\([a-z_]*\)".*/\1/p')
      [[ $status == queued || $status == running ]] || break
    done
    log "import $id is now ${status:-unknown}"
  done
}

stop_payara() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping Payara Micro (pid $pid, SIGTERM)"
  kill -TERM "$pid"
  if ! wait_pid_gone "$pid" "$STOP_GRACE_S"; then
    log "Payara Micro still alive after ${STOP_GRACE_S}s: SIGKILL"
    kill -KILL "$pid"
  fi
  wait "$pid" 2>/dev/null || true
}

# Java processes and PostgreSQL servers that are not ours: someone else's build, test run or bench
# on the same two cores makes the figures incomparable, so it is recorded. Prints the count and
# what they are. Reads /proc with builtins: forking ps per process would load the host itself.
foreign_snapshot() {
  local n=0 d p comm pcomm stat ppid pgid args arr kinds=()
  for d in /proc/[0-9]*; do
    { read -r comm <"$d/comm"; } 2>/dev/null || continue
    [[ $comm == java || $comm == postgres ]] || continue
    p=${d#/proc/}
    [[ " ${PAYARA_PIDS[*]} $POSTMASTER_PID " == *" $p "* ]] && continue
    { read -r stat <"$d/stat"; } 2>/dev/null || continue
    stat=${stat##*) }
    read -r _ ppid pgid _ <<<"$stat"
    [[ -n $SERVICES_PID && $pgid == "$SERVICES_PID" ]] && continue
    if [[ $comm == postgres ]]; then
      # A backend or helper process: its server is counted once, by the postmaster.
      { read -r pcomm <"/proc/$ppid/comm"; } 2>/dev/null || pcomm=
      [[ $pcomm == postgres ]] && continue
    fi
    { mapfile -d '' -t arr <"$d/cmdline"; } 2>/dev/null || continue
    args=" ${arr[*]} "
    [[ $args == *ImportBench* ]] && continue
    if [[ $comm == postgres ]]; then
      [[ $args == *" -p "* ]] && kinds+=("postgres:${args##* -p }") && kinds[-1]=${kinds[-1]%% *} \
        || kinds+=(postgres)
    elif [[ $args == *plexus-classworlds* ]]; then
      kinds+=(mvn)
    elif [[ $args == *payara-micro* ]]; then
      if [[ $args == *" --port "* ]]; then
        kinds+=("payara:${args##* --port }") && kinds[-1]=${kinds[-1]%% *}
      else
        kinds+=(payara)
      fi
    elif [[ $args == *CreateLatency* ]]; then
      kinds+=(CreateLatency)
    elif [[ $args == *surefire* || $args == *failsafe* ]]; then
      kinds+=(test-jvm)
    elif [[ $args == *DevServer* ]]; then
      kinds+=(DevServer)
    else
      kinds+=(java)
    fi
    n=$((n + 1))
  done
  echo "$n ${kinds[*]}"
}
count_foreign() { foreign_snapshot | cut -d' ' -f1; }

SAMPLER_PID=
start_foreign_sampler() { # $1 file
  : >"$1"
  (
    trap - EXIT INT TERM
    while :; do
      echo "$(date +%s) $(foreign_snapshot)" >>"$1"
      sleep 2
    done
  ) &
  SAMPLER_PID=$!
}
stop_foreign_sampler() {
  [[ -n $SAMPLER_PID ]] || return 0
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=
}
foreign_summary() { # $1 file
  awk '{ if ($2 > max) max = $2; if ($2 > 0) busy++; for (i = 3; i <= NF; i++) seen[$i] = 1 }
    END { s = ""; for (k in seen) s = s (s == "" ? "" : " ") k
          printf "%d samples (about every 2 s), %d with foreign java/postgres processes, at most %d at once%s\n",
            NR, busy, max, (s == "" ? "" : " (" s ")") }' "$1"
}

cleanup() {
  local rc=$? pid left=()
  trap - EXIT INT TERM
  set +e
  [[ $rc == 0 ]] && rc=$RC
  stop_foreign_sampler
  if [[ -n $PAYARA_PID ]] && kill -0 "$PAYARA_PID" 2>/dev/null; then
    stop_unfinished_import
  fi
  for pid in "${PAYARA_PIDS[@]}"; do stop_payara "$pid"; done
  if [[ -n $SERVICES_PID && -z $POSTMASTER_PID ]]; then
    POSTMASTER_PID=$(find_our_postmaster || true)
  fi
  if [[ -n $SERVICES_PID ]] && pgrep -g "$SERVICES_PID" >/dev/null; then
    if [[ -z $POSTMASTER_PID ]] || dev_db_is_ours; then
      # SIGTERM: DevServer's shutdown hook stops WireMock and runs `pg_ctl stop` on target/dev-db.
      log "stopping dev services (process group $SERVICES_PID, SIGTERM)"
      kill -TERM -- "-$SERVICES_PID" 2>/dev/null
    else
      # target/dev-db is not ours any more: its pg_ctl stop would hit another run's PostgreSQL.
      log "target/dev-db now belongs to another run (postmaster.pid: $(head -n1 target/dev-db/postmaster.pid 2>/dev/null || echo none)): dev services SIGKILLed, so their shutdown hook cannot stop that run's PostgreSQL; ours (pid $POSTMASTER_PID) is stopped by pid"
      kill -KILL -- "-$SERVICES_PID" 2>/dev/null
    fi
    if ! wait_group_gone "$SERVICES_PID" "$STOP_GRACE_S"; then
      log "dev services still alive after ${STOP_GRACE_S}s: SIGKILL"
      kill -KILL -- "-$SERVICES_PID" 2>/dev/null
      wait_group_gone "$SERVICES_PID" 5
    fi
    wait "$SERVICES_PID" 2>/dev/null
  fi
  # The postmaster is in its own session, so a SIGKILLed mvn group leaves it running.
  if [[ -n $POSTMASTER_PID ]] && kill -0 "$POSTMASTER_PID" 2>/dev/null && is_our_postmaster "$POSTMASTER_PID"; then
    log "embedded PostgreSQL (pid $POSTMASTER_PID) still running: fast shutdown (SIGINT)"
    kill -INT "$POSTMASTER_PID"
    wait_pid_gone "$POSTMASTER_PID" 20 || kill -KILL "$POSTMASTER_PID"
  fi
  # Leftover check, limited to what this run started (others run Payara and PostgreSQL here too).
  sleep 1
  for pid in $(pgrep -f 'payara-micro|postgres|ImportBench'); do
    local pgid ppid stat args
    read -r pgid ppid stat < <(ps -o pgid=,ppid=,stat= -p "$pid" 2>/dev/null) || continue
    [[ $stat == Z* ]] && continue
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
    if [[ " ${PAYARA_PIDS[*]} $POSTMASTER_PID " == *" $pid "* ||
      (-n $SERVICES_PID && $pgid == "$SERVICES_PID") ||
      (-n $POSTMASTER_PID && $ppid == "$POSTMASTER_PID") ||
      ($args == *"$OUT/classes"*ImportBench* && $ppid == "$$") ]]; then
      left+=("$pid")
    fi
  done
  if ((${#left[@]} > 0)); then
    log "LEFTOVER processes of this run: ${left[*]}"
    ps -o pid,pgid,args -p "$(IFS=,; echo "${left[*]}")" >&2
    [[ $rc == 0 ]] && rc=1
  else
    log "no process of this run left"
  fi
  rm -rf "$OUT"/payara-root-* "$OUT"/storage
  log "done in $(elapsed)s, exit $rc; logs in $OUT/, figures in $RESULT_TXT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# 0. Preconditions, the helper and the 10k file.

mkdir -p "$OUT"
rm -rf "$OUT"/payara-root-* "$OUT"/storage "$OUT"/*.log "$OUT"/*.props "$OUT"/*.props.id "$OUT"/*.txt
for p in "$APP_PORT" "$PAYMENT_PORT" "$NOTIFICATION_PORT" "$DB_PORT"; do
  port_busy "$p" && die "port $p on 127.0.0.1 is already in use"
done

rm -rf "$OUT/classes"
javac -d "$OUT/classes" bench/ImportBench.java || die "bench/ImportBench.java does not compile"
java -cp "$OUT/classes" ImportBench generate "$CSV_10K" "$ORDERS" "$TAG" >"$OUT/generate-10k.txt" \
  || die "could not generate $CSV_10K"
log "$(cat "$OUT/generate-10k.txt")"

DB_WAITED=0
wait_dev_db_free() {
  local logged=false
  while dev_db_busy; do
    $logged || log "target/dev-db is in use by another run (PostgreSQL or create-latency.sh); waiting (at most ${DB_WAIT_S}s in all)"
    logged=true
    ((DB_WAITED < DB_WAIT_S)) || die "target/dev-db still in use after ${DB_WAITED}s of waiting; run again later"
    need_time 600 "the dev services (still waiting for target/dev-db)"
    sleep 2
    DB_WAITED=$((DB_WAITED + 2))
  done
  if $logged; then log "target/dev-db is free"; fi
}
wait_dev_db_free

# ---------------------------------------------------------------------------------------------
# 1. Build, then freeze what we run.

for ((try = 1; ; try++)); do
  need_time 300 "the build"
  log "building (mvn -o package, tests skipped), try $try"
  if timeout "$(remaining)" mvn -B -q -o -DskipTests -Dspotless.check.skip=true package >"$OUT/build.log" 2>&1; then
    break
  fi
  tail -n 15 "$OUT/build.log" >&2
  ((try < BUILD_TRIES)) || die "build failed $try times; see $OUT/build.log"
  log "build failed (someone mid-edit?); retrying in 60 s"
  sleep 60
done
mkdir -p "$OUT/runtime"
cp target/order-service.war "$OUT/order-service.war"
cp target/runtime/payara-micro.jar target/runtime/postgresql.jar "$OUT/runtime/"
cp src/main/payara/post-boot-commands.asadmin "$OUT/post-boot-commands.asadmin"
jar tf "$OUT/order-service.war" >"$OUT/war-contents.txt" || die "the copied WAR is not a valid archive"
grep -q 'imports/boundary/OrderImportsResource.class' "$OUT/war-contents.txt" \
  || die "the WAR has no OrderImportsResource: this service has no bulk import"
WAR_SHA=$(sha256sum "$OUT/order-service.war" | cut -c1-12)
log "built; WAR $WAR_SHA frozen in $OUT/"

# ---------------------------------------------------------------------------------------------
# 2. Embedded PostgreSQL + WireMock peers (services-only run command, its own process group).

for ((try = 1; ; try++)); do
  wait_dev_db_free
  need_time 240 "the dev services"
  log "starting dev services (mvn -Prun, services only), try $try"
  env -u DB_URL -u DB_USER -u DB_PASSWORD -u PAYMENT_SERVICE_URL -u NOTIFICATION_SERVICE_URL \
    -u MP_JWT_VERIFY_PUBLICKEY -u MP_JWT_VERIFY_PUBLICKEY_LOCATION -u MP_JWT_VERIFY_ISSUER -u MP_JWT_VERIFY_AUDIENCES \
    DEV_SERVICES_ONLY=true DEV_PEERS_JOURNAL=false DEV_DB_PORT=$DB_PORT \
    DEV_PAYMENT_PORT=$PAYMENT_PORT DEV_NOTIFICATION_PORT=$NOTIFICATION_PORT \
    setsid mvn -B -q -e -o -Prun -Dspotless.check.skip=true package >"$OUT/services.log" 2>&1 </dev/null &
  SERVICES_PID=$!
  ok=true
  until grep -q 'Dev services ready.' "$OUT/services.log" 2>/dev/null; do
    if ! kill -0 "$SERVICES_PID" 2>/dev/null; then
      ok=false
      break
    fi
    (($(remaining) > 180)) || die "dev services not ready in time; see $OUT/services.log"
    sleep 0.5
  done
  $ok && break
  wait "$SERVICES_PID" 2>/dev/null || true
  SERVICES_PID=
  tail -n 15 "$OUT/services.log" >&2
  # Only a compile failure (someone mid-edit) is worth another try; a database problem is not.
  if grep -q 'COMPILATION ERROR\|Compilation failure' "$OUT/services.log" && ((try < BUILD_TRIES)); then
    log "the services build failed (someone mid-edit?); retrying in 60 s"
    sleep 60
  elif grep -q 'embedded PostgreSQL did not start' "$OUT/services.log" && ((try < 3)); then
    # zonky gives PostgreSQL 10 s to accept connections: not always enough on a loaded host.
    log "the embedded PostgreSQL did not start in time (a loaded host?); retrying in 10 s"
    sleep 10
  else
    die "dev services exited; see $OUT/services.log"
  fi
done
# The run command made a local signing key and tokens: the service below trusts that key, and
# every call (curl and bench/ImportBench.java) sends the operator token.
read_dev_tokens "$OUT/services.log"
POSTMASTER_PID=$(find_our_postmaster || true)
[[ -n $POSTMASTER_PID ]] || die "cannot find our PostgreSQL (port $DB_PORT, target/dev-db)"
# Another run that took target/dev-db in the moment between our check and our start (see
# fault-kill9.sh: there is no lock) would share the two cores with us and move or stop our
# database: give up now rather than measure that.
sleep 2
dev_db_is_ours || die "target/dev-db/postmaster.pid does not name our PostgreSQL (pid $POSTMASTER_PID): another run took the folder meanwhile; run again later"
PEERS_PID=$(pgrep -g "$SERVICES_PID" -x java | head -n1 || true)
db_url=$(sed -n 's/^ *DB_URL=\([^ ]*\).*/\1/p' "$OUT/services.log" | tail -n1)
[[ $db_url == "$JDBC_URL" ]] || die "unexpected database URL '$db_url' in $OUT/services.log"
for peer in "$PAY" "$NOTIF"; do
  [[ $("${CURL[@]}" -o /dev/null -w '%{http_code}' "$peer/__admin/mappings") == 200 ]] \
    || die "WireMock admin API not answering at $peer/__admin"
done
# The delay on the payment peer only: global settings apply to every stub of that one server.
"${CURL[@]}" -f -X POST "$PAY/__admin/settings" -H 'Content-Type: application/json' \
  -d "{\"fixedDelay\": $PAYMENT_DELAY_MS}" >/dev/null || die "could not set the payment peer's delay"
"${CURL[@]}" "$PAY/__admin/settings" | grep -Eq "\"fixedDelay\" *: *$PAYMENT_DELAY_MS([^0-9]|$)" \
  || die "the payment peer did not keep fixedDelay=$PAYMENT_DELAY_MS"
notif_delay=$("${CURL[@]}" "$NOTIF/__admin/settings" | grep -Eo '"fixedDelay" *: *[0-9]+' | tr -dc '0-9' || true)
[[ -z $notif_delay || $notif_delay == 0 ]] || die "the notification peer has a fixed delay of $notif_delay ms"
log "dev services ready (postgres pid ${POSTMASTER_PID:-?}, WireMock JVM pid ${PEERS_PID:-?}); payment peer delay ${PAYMENT_DELAY_MS} ms, notification peer none"

# ---------------------------------------------------------------------------------------------
# Payara Micro, started directly so this script holds the JVM's PID (for VmRSS).

start_payara() {
  local n=$1 max_bytes=$2
  need_time 200 "Payara Micro #$n"
  PAYARA_LOG=$OUT/payara-$n.log
  mkdir -p "$OUT/storage"
  log "starting Payara Micro #$n on :$APP_PORT (-Xmx512m, IMPORT_MAX_BYTES=$max_bytes)"
  env -u DB_URL -u PAYMENT_SERVICE_URL -u NOTIFICATION_SERVICE_URL \
    DB_URL="$JDBC_URL" DB_USER=postgres DB_PASSWORD=postgres \
    PAYMENT_SERVICE_URL="$PAY" NOTIFICATION_SERVICE_URL="$NOTIF" PAYMENT_WEBHOOK_SECRET=bench-secret \
    IMPORT_MAX_BYTES="$max_bytes" \
    java -Xmx512m -jar "$OUT/runtime/payara-micro.jar" --deploy "$OUT/order-service.war" \
    --port "$APP_PORT" --nohazelcast --addlibs "$OUT/runtime/postgresql.jar" \
    --postbootcommandfile "$OUT/post-boot-commands.asadmin" --rootdir "$OUT/payara-root-$n" \
    >"$PAYARA_LOG" 2>&1 </dev/null &
  PAYARA_PID=$!
  PAYARA_PIDS+=("$PAYARA_PID")
  local t0=$SECONDS
  until [[ $("${CURL[@]}" --max-time 2 -o /dev/null -w '%{http_code}' "$BASE/api/v1/orders/?limit=1" || true) == 200 ]]; do
    kill -0 "$PAYARA_PID" 2>/dev/null || {
      tail -n 30 "$PAYARA_LOG" >&2
      die "Payara Micro #$n exited; see $PAYARA_LOG"
    }
    ((SECONDS - t0 < 240)) || die "Payara Micro #$n not ready after 240 s; see $PAYARA_LOG"
    (($(remaining) > 120)) || die "Payara Micro #$n not ready in time; see $PAYARA_LOG"
    sleep 0.5
  done
  log "Payara Micro #$n ready after $((SECONDS - t0))s (JVM pid $PAYARA_PID, VmRSS $(awk '/VmRSS/ {printf "%d MiB", $2 / 1024}' "/proc/$PAYARA_PID/status"))"
}

payara_log_summary() {
  local f=$1
  echo "payara log:       $(grep -c 'SEVERE' "$f" || true) SEVERE, $(grep -c 'WARNING' "$f" || true) WARNING lines ($f)"
  # The distinct messages, without their time stamps, so a failure is named in the results.
  grep -E '^\[.*\] \[.*\] \[(SEVERE|WARNING)\]|SEVERE|WARNING' "$f" 2>/dev/null \
    | sed -E 's/^\[[^]]*\] //; s/\[(tid|timeMillis|levelValue): [^]]*\]//g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.+-]+//g' \
    | cut -c1-200 | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/  /'
}

header() {
  local commit
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  [[ -n $(git --no-optional-locks status --porcelain -- src pom.xml 2>/dev/null) ]] && commit="$commit (src/pom.xml with local changes)"
  cat <<EOF
commit:           $commit, WAR $WAR_SHA
machine:          $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); client, Payara, PostgreSQL and WireMock on the same host
java:             $(java -version 2>&1 | head -n1)
setup:            Payara Micro -Xmx512m; payment peer fixedDelay ${PAYMENT_DELAY_MS} ms, notification peer none; IMPORT_PAYMENT_PARALLELISM=${IMPORT_PAYMENT_PARALLELISM:-16 (default)}, IMPORT_CHUNK_SIZE=${IMPORT_CHUNK_SIZE:-200 (default)}
contention:       load average $(cut -d' ' -f1-3 /proc/loadavg) at the start of this step; $(count_foreign) java/postgres processes on the host not started by this run
EOF
}

# Waits (IMPORT_BENCH_WAIT_QUIET_S at most) until no java/postgres process of another run is
# left: the targets are about this service on an otherwise idle 2-core host.
wait_quiet() {
  local waited=0 snap
  ((WAIT_QUIET_S > 0)) || return 0
  snap=$(foreign_snapshot)
  while [[ ${snap%% *} != 0 ]]; do
    ((waited == 0)) && log "waiting (at most ${WAIT_QUIET_S}s) for other runs to end: ${snap#* }"
    if ((waited >= WAIT_QUIET_S)) || (($(remaining) < 480)); then
      log "host still shared after ${waited}s (${snap#* }): measuring anyway, see 'contention'"
      return 0
    fi
    sleep 5
    waited=$((waited + 5))
    snap=$(foreign_snapshot)
  done
  ((waited == 0)) || log "host quiet after ${waited}s"
}

prop() { [[ -f $2 ]] && sed -n "s/^$1=//p" "$2" | head -n1 || true; }

# Uploads $1 ($2 orders) through ImportBench and follows it until it ends or the deadline $4
# (epoch s) passes, plus $5 s of grace for the helper itself; polls every $6 ms, then waits $7 s
# at most (never past $4) for the import's mails (0: not at all) and times $8 status GETs. Figures in
# $OUT/import-$3.txt and .props. Answers ImportBench's exit code.
run_import() {
  timeout --foreground $(($4 - $(date +%s) + $5)) "${BENCH_JAVA[@]}" import "$BASE" "$1" \
    "$PAYARA_PID" "$4" "$2" "$OUT/import-$3.props" "$JDBC_URL" \
    "${PEERS_PID:-0}" "${POSTMASTER_PID:-0}" "$6" "$7" "$8" >"$OUT/import-$3.txt"
}

# The warm-up import's own figures: what a freshly started server does.
warmup_summary() {
  local f=$OUT/import-warmup.txt
  if [[ ! -s $f ]]; then
    echo "warm-up:          none (IMPORT_BENCH_WARMUP_ORDERS=0): the import below ran on a cold JVM"
    return
  fi
  echo "warm-up:          $WARMUP_DONE import(s) of $WARMUP_ORDERS orders (JIT $JIT_NOTE; at most $WARMUP_ROUNDS, settled means <= $JIT_SETTLED_S s); the first, on the freshly started server (cold JVM):"
  grep -E '^(import time|throughput|cpu per order|check):' "$f" | sed 's/^/  /'
  echo "jit:              ${JIT_10K:-?} CPU s of Payara's JIT compiler threads during the measured import (part of its CPU)"
}

# ---------------------------------------------------------------------------------------------
# 3 and 4. The 10k import.

start_payara 1 104857600
wait_quiet
if ((WARMUP_ORDERS > 0)); then
  # The one-by-one client below measures a warmed-up service; so is the measured import: a first
  # import warms the JIT of Payara and of the peers. Its figures are kept as the cold ones.
  java -cp "$OUT/classes" ImportBench generate "$CSV_WARMUP" "$WARMUP_ORDERS" "$TAG-w" >"$OUT/generate-warmup.txt" \
    || die "could not generate $CSV_WARMUP"
  need_time 600 "the warm-up import and the 10k import"
  # Then more warm-up imports, each of its own file, until one costs Payara's JIT at most
  # IMPORT_BENCH_JIT_SETTLED_S (see jit_seconds in bench/lib.sh).
  for ((r = 1; r <= WARMUP_ROUNDS; r++)); do
    name=warmup
    ((r > 1)) && name=warmup-$r
    if ((r > 1)); then
      java -cp "$OUT/classes" ImportBench generate "$CSV_WARMUP" "$WARMUP_ORDERS" "$TAG-w$r" >"$OUT/generate-$name.txt" \
        || die "could not generate $CSV_WARMUP"
      (($(remaining) > 420)) || break
    fi
    log "warm-up $r: importing $WARMUP_ORDERS orders ($([[ $r == 1 ]] && echo "cold JVM; ")at most 240 s)"
    jit0=$(jit_seconds "$PAYARA_PID")
    set +e
    run_import "$CSV_WARMUP" "$WARMUP_ORDERS" "$name" $(($(date +%s) + 240)) 60 500 0 0
    warmup_rc=$?
    timeout --foreground 120 "${BENCH_JAVA[@]}" drain "$BASE" $(($(date +%s) + 90)) >"$OUT/drain-$name.txt"
    set -e
    ((warmup_rc == 0)) || die "warm-up import $r failed (exit $warmup_rc); see $OUT/import-$name.txt"
    WARMUP_DONE=$r
    jit_round=$(awk -v a="$jit0" -v b="$(jit_seconds "$PAYARA_PID")" 'BEGIN {printf "%.2f", b - a}')
    log "warm-up import $r: $(prop import_seconds "$OUT/import-$name.props") s for $WARMUP_ORDERS orders, JIT ${jit_round} s"
    if jit_settled "$PAYARA_PID" "$jit0" "$JIT_SETTLED_S"; then
      JIT_NOTE="settled: ${jit_round} s of JIT in warm-up import $r"
      break
    fi
  done
fi
JIT_10K0=$(jit_seconds "$PAYARA_PID")
HEADER_10K=$(header)
start_foreign_sampler "$OUT/foreign-10k.samples"
import_deadline=$((DEADLINE - 120)) # keep time for the one-by-one part
log "importing $ORDERS orders ($((ORDERS * 2)) rows); deadline in $((import_deadline - $(date +%s)))s"
set +e
run_import "$CSV_10K" "$ORDERS" 10k "$import_deadline" 60 500 "$MAIL_WAIT_S" 0
import_rc=$?
set -e
cat "$OUT/import-10k.txt"
IMPORT_S=$(prop import_seconds "$OUT/import-10k.props")
JIT_10K=$(awk -v a="$JIT_10K0" -v b="$(jit_seconds "$PAYARA_PID")" 'BEGIN {printf "%.2f", b - a}')

# ---------------------------------------------------------------------------------------------
# 5. One by one, once the import's 10,000 confirmation mails are out of the way.

obo_rc=1
: >"$OUT/one-by-one.txt"
if (($(remaining) > 60)); then
  # The one-by-one side warmed up as the import was: rounds of 3,000 creates from 16 clients until
  # one costs Payara's JIT at most JIT_SETTLED_S (the client's own 500 sequential warm-up orders
  # left the create path's JIT busy). Their mails are sent before the one-by-one client starts.
  OBO_JIT_NOTE="not settled"
  for ((r = 1; r <= WARMUP_ROUNDS && $(remaining) > 240; r++)); do
    jit0=$(jit_seconds "$PAYARA_PID")
    timeout --foreground 200 java bench/CreateLatency.java "$BASE" 16 0 3000 150 0 >"$OUT/one-by-one-warmup-$r.txt" </dev/null \
      || die "one-by-one warm-up round $r failed; see $OUT/one-by-one-warmup-$r.txt"
    jit_round=$(awk -v a="$jit0" -v b="$(jit_seconds "$PAYARA_PID")" 'BEGIN {printf "%.2f", b - a}')
    log "one-by-one warm-up round $r: 3000 creates from 16 clients, JIT ${jit_round} s"
    if jit_settled "$PAYARA_PID" "$jit0" "$JIT_SETTLED_S"; then
      OBO_JIT_NOTE="settled: ${jit_round} s of JIT in round $r"
      break
    fi
  done
  drain_deadline=$(($(date +%s) + 90))
  ((drain_deadline > DEADLINE - 60)) && drain_deadline=$((DEADLINE - 60))
  log "waiting (at most $((drain_deadline - $(date +%s)))s) for the outbox to send the import's mails"
  set +e
  timeout --foreground 120 "${BENCH_JAVA[@]}" drain "$BASE" "$drain_deadline" >>"$OUT/one-by-one.txt"
  obo_deadline=$((DEADLINE - 5))
  log "one by one: $ONE_BY_ONE_WARMUP warm-up + $ONE_BY_ONE sequential orders; deadline in $((obo_deadline - $(date +%s)))s"
  timeout --foreground $((obo_deadline - $(date +%s) + 30)) "${BENCH_JAVA[@]}" one-by-one "$BASE" "$ONE_BY_ONE" \
    "$ONE_BY_ONE_WARMUP" "$TAG" "$obo_deadline" "$IMPORT_S" "$ORDERS" "$OUT/one-by-one.props" \
    "$PAYARA_PID" "${PEERS_PID:-0}" "${POSTMASTER_PID:-0}" "$MAIL_WAIT_S" >>"$OUT/one-by-one.txt"
  obo_rc=$?
  set -e
  cat "$OUT/one-by-one.txt"
else
  log "no time left: the one-by-one comparison is skipped"
fi

stop_foreign_sampler
SPEEDUP=$(prop speedup "$OUT/one-by-one.props")
verdict() { # $1 value, $2 op, $3 target
  [[ -n $1 ]] || { echo "n/a"; return; }
  awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { ok = (op == "<=") ? (v <= t) : (v >= t); print ok ? "MET" : "MISSED" }'
}
T_IMPORT=$(verdict "$IMPORT_S" '<=' "$TARGET_IMPORT_S")
T_SPEEDUP=$(verdict "$SPEEDUP" '>=' "$TARGET_SPEEDUP")
# The same run's CPU per order, import against one by one: how many times cheaper an imported
# order is, for Payara and for the three processes together.
cpu_ratio() { # $1 one-by-one figure(s), $2 import figure(s), summed
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x, " "); split(b, y, " "); s = 0; t = 0
    for (i = 1; i <= n; i++) { if (x[i] == "" || y[i] == "") { print "n/a"; exit } s += x[i]; t += y[i] }
    if (t > 0) printf "%.1f×", s / t; else print "n/a" }'
}
obo_cpu() { echo "$(prop payara_ms_per_order "$OUT/one-by-one.props") $(prop postgres_ms_per_order "$OUT/one-by-one.props") $(prop wiremock_ms_per_order "$OUT/one-by-one.props")"; }
imp_cpu() { echo "$(prop payara_ms_per_order "$OUT/import-10k.props") $(prop postgres_ms_per_order "$OUT/import-10k.props") $(prop wiremock_ms_per_order "$OUT/import-10k.props")"; }
VS_LINE="warm import vs one-by-one: $([[ -n $SPEEDUP ]] && awk -v v="$SPEEDUP" 'BEGIN {printf "%.1f×", v}' || echo n/a) (time: $ORDERS orders one by one, extrapolated, / the import; issue 13's target >= 30×); CPU per order, one by one / import: Payara $(cpu_ratio "$(prop payara_ms_per_order "$OUT/one-by-one.props")" "$(prop payara_ms_per_order "$OUT/import-10k.props")"), Payara + PostgreSQL + WireMock $(cpu_ratio "$(obo_cpu)" "$(imp_cpu)")"

summary=$(
  cat <<EOF
=== import-bench 10k $(date -u +%Y-%m-%dT%H:%M:%SZ) (run $TAG) ===
$HEADER_10K
file:             $(cat "$OUT/generate-10k.txt" | sed 's/^generated: //')
$(warmup_summary)
$(cat "$OUT/import-10k.txt")
one-by-one warm-up: rounds of 3000 creates from 16 clients before the client's own warm-up (JIT ${OBO_JIT_NOTE:-?})
$(cat "$OUT/one-by-one.txt")
contention:       during import and one-by-one: $(foreign_summary "$OUT/foreign-10k.samples")
target import:    ${IMPORT_S:-?} s against <= ${TARGET_IMPORT_S} s: $T_IMPORT
target speed-up:  ${SPEEDUP:-?}x against >= ${TARGET_SPEEDUP}x: $T_SPEEDUP
$VS_LINE
$(payara_log_summary "$OUT/payara-1.log")
exit codes:       import $import_rc, one-by-one $obo_rc (0 ok, 1 wrong/errors, 3 deadline)
EOF
)
printf '%s\n\n' "$summary" >>"$RESULT_TXT"
printf '\n%s\n\n' "$summary"

if ((import_rc == 1 || obo_rc == 1)); then
  RC=1
elif ((import_rc != 0 || obo_rc != 0)) || [[ $T_IMPORT != MET || $T_SPEEDUP != MET ]]; then
  RC=3
fi

# ---------------------------------------------------------------------------------------------
# 6. Optional: a million rows.

if $MILLION; then
  need_time $((MILLION_WAIT_S / 4)) "the million-row import"
  log "generating $MILLION_ORDERS orders ($((MILLION_ORDERS * 2)) rows)"
  java -cp "$OUT/classes" ImportBench generate "$CSV_1M" "$MILLION_ORDERS" "$TAG-m" >"$OUT/generate-1m.txt" \
    || die "could not generate $CSV_1M"
  log "$(cat "$OUT/generate-1m.txt")"
  stop_payara "$PAYARA_PID"
  start_payara 2 1073741824
  wait_quiet
  HEADER_1M=$(header)
  start_foreign_sampler "$OUT/foreign-1m.samples"
  million_deadline=$(($(date +%s) + MILLION_WAIT_S))
  ((million_deadline > DEADLINE - 30)) && million_deadline=$((DEADLINE - 30))
  log "importing $MILLION_ORDERS orders; deadline in $((million_deadline - $(date +%s)))s"
  set +e
  run_import "$CSV_1M" "$MILLION_ORDERS" 1m "$million_deadline" 120 \
    $((MILLION_POLL_S * 1000)) "$MAIL_WAIT_S" "$STATUS_GETS"
  million_rc=$?
  set -e
  stop_foreign_sampler
  summary=$(
    cat <<EOF
=== import-bench 1M $(date -u +%Y-%m-%dT%H:%M:%SZ) (run $TAG) ===
$HEADER_1M
file:             $(sed 's/^generated: //' "$OUT/generate-1m.txt")
$(cat "$OUT/import-1m.txt")
contention:       during the import: $(foreign_summary "$OUT/foreign-1m.samples")
completed:        $([[ $(prop status "$OUT/import-1m.props") == completed ]] && echo yes || echo "NO ($(prop status "$OUT/import-1m.props"))")
$(payara_log_summary "$OUT/payara-2.log")
exit code:        import $million_rc (0 ok, 1 wrong, 3 deadline)
EOF
  )
  printf '%s\n\n' "$summary" >>"$RESULT_TXT"
  printf '\n%s\n\n' "$summary"
  if ((million_rc == 1)); then
    RC=1
  elif ((million_rc != 0 && RC == 0)); then
    RC=3
  fi
fi

exit "$RC"
