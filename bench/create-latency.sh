#!/usr/bin/env bash
# Latency of POST /api/v1/orders/ with both peers answering after a fixed delay, under N concurrent
# clients. Everything runs on loopback; every wait has a deadline; everything started is stopped.
#
#   bench/create-latency.sh            # 16 clients, closed loop
#   bench/create-latency.sh --paced    # issue 13's paced case: 20 orders/s in all, both peers 20 ms
#                                      # (BENCH_RATE=20 BENCH_PEER_DELAY_MS=20 BENCH_REQUESTS=1200);
#                                      # prints p50 (from the due time) / payment peer latency
#
# 1. builds once (tests skipped) and freezes the WAR, the Payara runtime, the test classes and
#    their classpath in target/bench/create-latency/: other builds rewrite target/ at any time;
# 2. starts the run command's services-only mode (DevServer with DEV_SERVICES_ONLY=true): an
#    embedded PostgreSQL on 127.0.0.1:25442 and the WireMock peers on :9001 (payment) and :9002
#    (notification); sets a global fixed delay of 20 ms on both through the WireMock admin API;
# 3. starts Payara Micro (-Xmx512m) on :8085 and, when /health/ready answers 200, runs
#    bench/CreateLatency.java: 16 clients, 3000 warm-up and 3000 measured orders, 300 s at most
#    (after 200 warm-up orders the JIT compiler was still busy: 52 instead of 87 orders/s);
# 4. CPU (utime+stime from /proc) of Payara, PostgreSQL, the WireMock peers and the load generator
#    is taken over the measured phase only: the generator stops after the warm-up, the script
#    waits until the warm-up's confirmation mails are sent, samples, and lets the measured phase
#    start; the end sample is taken once every measured paid order's confirmation mail is sent
#    (BENCH_MAIL_WAIT_S, 120 s at most). The outbox admin API is asked (GET
#    /api/v1/admin/outbox: none pending, at least N sent): the peers run without a request
#    journal, so WireMock cannot count them (a journal doubles WireMock's CPU per request). Prints
#    "cpu per order: ..." (mails included) and, when paced, "p50 ÷ payment peer latency: R";
# 5. prints the summary and appends it to target/bench/create-latency.txt.
#
# DevServer is started with java rather than `mvn -Prun package` so that its project folder, and
# so the embedded database's data folder, is the bench's own
# (target/bench/create-latency/devroot/target/dev-db, emptied at every start). Under mvn it is
# always target/dev-db, which `mvn -Prun package`, bench/fault-kill9.sh and bench/import-bench.sh
# share; and DevServer's shutdown hook stops whatever PostgreSQL runs on that folder by path, so
# two users of it stop each other's database (seen: a run's database went away mid-load).
#
# Knobs (environment): BENCH_CLIENTS (16), BENCH_WARMUP (3000), BENCH_REQUESTS (3000),
# BENCH_TIME_LIMIT_S (300), BENCH_PEER_DELAY_MS (20), BENCH_NOTIFICATION_DELAY_MS (the notification
# peer's own delay; BENCH_PEER_DELAY_MS unless set: a longer one shows whether mail is on the
# critical path), BENCH_DB_PORT (25442), BENCH_PORT (8085),
# BENCH_PAYMENT_PORT (9001), BENCH_NOTIFICATION_PORT (9002), BENCH_WAIT_QUIET_S (0: how long to
# wait, before the load, for java/postgres processes this run did not start to go away),
# BENCH_PAYARA_JAVA_OPTS (extra JVM options for Payara, e.g. a profiler agent), BENCH_RATE (0: closed
# loop, each client sends its next order on the answer; N: orders are due at N per second in all,
# after a closed-loop warm-up, and latency counts from the due time), BENCH_MAIL_WAIT_S (120: how
# long to wait, at each end of the measured phase, for the confirmation mails), BENCH_WARMUP_ROUNDS
# (8), BENCH_WARMUP_ROUND (3000), BENCH_JIT_SETTLED_S (1): before the generator's warm-up, closed-
# loop rounds of BENCH_WARMUP_ROUND orders until one costs Payara's JIT at most
# BENCH_JIT_SETTLED_S CPU seconds (its compiler threads, see bench/lib.sh), BENCH_WARMUP_ROUNDS
# rounds at most.
#
# Exit: 0 all measured orders answered 201; 1 errors or a set-up failure; 3 the time limit cut the
# load short.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source bench/lib.sh

PACED=false
for arg in "$@"; do
  case $arg in
    --paced) PACED=true ;;
    *)
      echo "unknown argument: $arg (only --paced)" >&2
      exit 2
      ;;
  esac
done

CLIENTS=${BENCH_CLIENTS:-16}
WARMUP=${BENCH_WARMUP:-3000}
TIME_LIMIT_S=${BENCH_TIME_LIMIT_S:-300}
PEER_DELAY_MS=${BENCH_PEER_DELAY_MS:-20}
NOTIFICATION_DELAY_MS=${BENCH_NOTIFICATION_DELAY_MS:-$PEER_DELAY_MS}
if $PACED; then
  RATE=${BENCH_RATE:-20}
  REQUESTS=${BENCH_REQUESTS:-1200}
else
  RATE=${BENCH_RATE:-0}
  REQUESTS=${BENCH_REQUESTS:-3000}
fi
MAIL_WAIT_S=${BENCH_MAIL_WAIT_S:-120}
WARMUP_ROUNDS=${BENCH_WARMUP_ROUNDS:-8}
WARMUP_ROUND=${BENCH_WARMUP_ROUND:-3000}
JIT_SETTLED_S=${BENCH_JIT_SETTLED_S:-1}
WAIT_QUIET_S=${BENCH_WAIT_QUIET_S:-0}
# Word-split on purpose: several options.
PAYARA_JAVA_OPTS=${BENCH_PAYARA_JAVA_OPTS:-}
DB_PORT=${BENCH_DB_PORT:-25442}
APP_PORT=${BENCH_PORT:-8085}
PAYMENT_PORT=${BENCH_PAYMENT_PORT:-9001}
NOTIFICATION_PORT=${BENCH_NOTIFICATION_PORT:-9002}
SERVICES_DEADLINE_S=180 # initdb of a fresh data folder plus WireMock start, on a busy host
READY_DEADLINE_S=180
STOP_GRACE_S=20

OUT=target/bench
WORK=$OUT/create-latency
DEVROOT=$ROOT/$WORK/devroot
DATA_DIR=$DEVROOT/target/dev-db
SERVICES_LOG=$WORK/dev-services.log
PAYARA_LOG=$WORK/payara.log
RESULT_TXT=$OUT/create-latency.txt
BASE_URL=http://127.0.0.1:$APP_PORT

# curl must never go through a proxy from the environment: all traffic stays on loopback.
CURL=(curl -s --noproxy '*' --max-time 5)

SERVICES_PID=
PAYARA_PID=
SAMPLER_PID=
LOAD_PID=

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# The postmaster of the bench's own data folder, or nothing. pg_ctl puts it in a session of its
# own, so it is not in the services' process group and outlives a SIGKILLed DevServer.
our_postmaster() {
  local pid
  pid=$(head -n1 "$DATA_DIR/postmaster.pid" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
    && grep -qa -- "$DATA_DIR" "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
  return 0
}

cleanup() {
  local rc=$? pm
  trap - EXIT INT TERM
  set +e
  [[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null
  if [[ -n $LOAD_PID ]] && kill -0 "$LOAD_PID" 2>/dev/null; then
    # timeout passes the signal on to the load generator.
    kill -TERM "$LOAD_PID"
    wait_pid_gone "$LOAD_PID" 15 || kill -KILL "$LOAD_PID"
  fi
  if [[ -n $PAYARA_PID ]] && kill -0 "$PAYARA_PID" 2>/dev/null; then
    log "stopping Payara Micro (pid $PAYARA_PID)"
    kill -TERM "$PAYARA_PID"
    wait_pid_gone "$PAYARA_PID" "$STOP_GRACE_S" || kill -KILL "$PAYARA_PID"
    wait "$PAYARA_PID" 2>/dev/null
  fi
  if [[ -n $SERVICES_PID ]] && pgrep -g "$SERVICES_PID" >/dev/null; then
    # SIGTERM first: DevServer's shutdown hook stops WireMock and runs `pg_ctl stop`.
    log "stopping dev services (process group $SERVICES_PID)"
    kill -TERM -- "-$SERVICES_PID" 2>/dev/null
    if ! wait_group_gone "$SERVICES_PID" "$STOP_GRACE_S"; then
      log "dev services still alive after ${STOP_GRACE_S}s; SIGKILL"
      kill -KILL -- "-$SERVICES_PID" 2>/dev/null
      wait_group_gone "$SERVICES_PID" 5
    fi
    wait "$SERVICES_PID" 2>/dev/null
  fi
  pm=$(our_postmaster)
  if [[ -n $pm ]]; then
    log "embedded PostgreSQL (pid $pm) still running; fast shutdown"
    kill -INT "$pm"
    wait_pid_gone "$pm" "$STOP_GRACE_S" || kill -KILL "$pm"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for p in "$APP_PORT" "$PAYMENT_PORT" "$NOTIFICATION_PORT" "$DB_PORT"; do
  if port_busy "$p"; then
    die "port $p on 127.0.0.1 is already in use (a running 'mvn -Prun package' or another bench?)"
  fi
done
mkdir -p "$WORK"
[[ -z $(our_postmaster) ]] || die "a PostgreSQL still runs on $DATA_DIR (another create-latency run?)"

log "building (mvn package, tests skipped; log: $WORK/build.log)"
mvn -B -q -DskipTests -Dspotless.check.skip=true package \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$ROOT/$WORK/classpath.txt" \
  >"$WORK/build.log" 2>&1 || die "build failed (someone mid-edit in src/?); see $WORK/build.log"
for f in target/order-service.war target/runtime/payara-micro.jar target/runtime/postgresql.jar \
  target/test-classes/com/example/orderservice/devserver/DevServer.class "$WORK/classpath.txt"; do
  [[ -f $f ]] || die "the build did not produce $f"
done
# --rootdir keeps Payara's runtime folder here rather than in /tmp, where a SIGKILL would strand it.
rm -rf "$WORK/frozen" "$DEVROOT" "$WORK/payara-root"
mkdir -p "$WORK/frozen" "$DEVROOT"
cp target/order-service.war target/runtime/payara-micro.jar target/runtime/postgresql.jar \
  src/main/payara/post-boot-commands.asadmin "$WORK/frozen/"
cp -r target/test-classes "$WORK/frozen/test-classes"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git --no-optional-locks status --porcelain -- src pom.xml 2>/dev/null) ]] \
  && commit="$commit + uncommitted changes in src/ or pom.xml"

log "starting embedded PostgreSQL (port $DB_PORT) and stand-in peers (log: $SERVICES_LOG)"
# setsid: its own process group, so cleanup can signal DevServer and anything it forks in one go.
# The variables DevServer would take as "already configured" are removed, so it starts all three.
env -u DB_URL -u DB_USER -u DB_PASSWORD -u PAYMENT_SERVICE_URL -u NOTIFICATION_SERVICE_URL \
  -u MP_JWT_VERIFY_PUBLICKEY -u MP_JWT_VERIFY_PUBLICKEY_LOCATION -u MP_JWT_VERIFY_ISSUER -u MP_JWT_VERIFY_AUDIENCES \
  DEV_SERVICES_ONLY=true DEV_PEERS_JOURNAL=false DEV_DB_PORT="$DB_PORT" \
  DEV_PAYMENT_PORT="$PAYMENT_PORT" DEV_NOTIFICATION_PORT="$NOTIFICATION_PORT" \
  setsid java -Dproject.dir="$DEVROOT" \
  -cp "$WORK/frozen/test-classes:$(cat "$WORK/classpath.txt")" \
  com.example.orderservice.devserver.DevServer >"$SERVICES_LOG" 2>&1 </dev/null &
SERVICES_PID=$!
# setsid only skips its fork when the child is not a group leader; make sure the group is ours.
sleep 0.5
[[ $(ps -o pgid= -p "$SERVICES_PID" | tr -d ' ') == "$SERVICES_PID" ]] \
  || die "DevServer (pid $SERVICES_PID) exited at once or has no process group of its own; see $SERVICES_LOG"

for ((i = 0; ; i++)); do
  grep -q 'Dev services ready\.' "$SERVICES_LOG" && break
  kill -0 "$SERVICES_PID" 2>/dev/null || die "dev services exited early; last lines of $SERVICES_LOG:
$(tail -n 30 "$SERVICES_LOG")"
  ((i < SERVICES_DEADLINE_S)) || die "dev services not ready after ${SERVICES_DEADLINE_S}s; see $SERVICES_LOG"
  sleep 1
done
DB_URL=$(sed -n 's/^ *DB_URL=\([^ ]*\).*/\1/p' "$SERVICES_LOG" | tail -n1)
[[ $DB_URL == "jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" ]] \
  || die "unexpected database URL '$DB_URL' in $SERVICES_LOG"
# The peers' URLs as DevServer reports them: a DevServer that ignores the port variables is caught
# here instead of by 2000 failed orders.
PAYMENT_URL=$(sed -n 's/^ *PAYMENT_SERVICE_URL=\([^ ]*\).*/\1/p' "$SERVICES_LOG" | tail -n1)
NOTIFICATION_URL=$(sed -n 's/^ *NOTIFICATION_SERVICE_URL=\([^ ]*\).*/\1/p' "$SERVICES_LOG" | tail -n1)
[[ $PAYMENT_URL =~ ^http://(localhost|127\.0\.0\.1):$PAYMENT_PORT/?$ ]] \
  || die "payment peer at '$PAYMENT_URL', expected port $PAYMENT_PORT on loopback"
[[ $NOTIFICATION_URL =~ ^http://(localhost|127\.0\.0\.1):$NOTIFICATION_PORT/?$ ]] \
  || die "notification peer at '$NOTIFICATION_URL', expected port $NOTIFICATION_PORT on loopback"
# The run command made a local signing key and tokens: the service below trusts that key, and
# every call (curl and bench/CreateLatency.java) sends the operator token.
read_dev_tokens "$SERVICES_LOG"
POSTMASTER_PID=$(our_postmaster)
[[ -n $POSTMASTER_PID ]] || die "no PostgreSQL found on $DATA_DIR"
log "dev services ready after ~${i}s: $DB_URL, peers on $PAYMENT_PORT and $NOTIFICATION_PORT"

for peer in "$PAYMENT_PORT:$PEER_DELAY_MS" "$NOTIFICATION_PORT:$NOTIFICATION_DELAY_MS"; do
  p=${peer%%:*}
  delay=${peer#*:}
  # Global settings apply to every stub; the mapping files stay untouched.
  "${CURL[@]}" -f -X POST "http://127.0.0.1:$p/__admin/settings" \
    -H 'Content-Type: application/json' -d "{\"fixedDelay\": $delay}" >/dev/null \
    || die "could not set the delay on the WireMock peer on port $p"
  # WireMock may leave a delay of 0 out of its settings altogether.
  ((delay == 0)) || "${CURL[@]}" "http://127.0.0.1:$p/__admin/settings" \
    | grep -Eq "\"fixedDelay\" *: *$delay([^0-9]|$)" \
    || die "WireMock on port $p did not keep fixedDelay=$delay"
done
log "the payment peer answers after a fixed ${PEER_DELAY_MS} ms, the notification peer after ${NOTIFICATION_DELAY_MS} ms"

log "starting Payara Micro on port $APP_PORT (log: $PAYARA_LOG)"
DB_URL=$DB_URL DB_USER=postgres DB_PASSWORD=postgres \
  PAYMENT_SERVICE_URL=http://127.0.0.1:$PAYMENT_PORT \
  NOTIFICATION_SERVICE_URL=http://127.0.0.1:$NOTIFICATION_PORT \
  PAYMENT_WEBHOOK_SECRET=bench-secret \
  java -Xmx512m $PAYARA_JAVA_OPTS -jar "$WORK/frozen/payara-micro.jar" --deploy "$WORK/frozen/order-service.war" \
  --port "$APP_PORT" --nohazelcast --addlibs "$WORK/frozen/postgresql.jar" \
  --postbootcommandfile "$WORK/frozen/post-boot-commands.asadmin" \
  --rootdir "$ROOT/$WORK/payara-root" >"$PAYARA_LOG" 2>&1 </dev/null &
PAYARA_PID=$!

for ((i = 0; ; i++)); do
  code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/api/v1/orders/?limit=1" || true)
  [[ $code == 200 ]] && break
  kill -0 "$PAYARA_PID" 2>/dev/null || die "Payara Micro exited; last lines of $PAYARA_LOG:
$(tail -n 30 "$PAYARA_LOG")"
  ((i < READY_DEADLINE_S)) || die "service not ready after ${READY_DEADLINE_S}s (last answer $code); see $PAYARA_LOG"
  sleep 1
done
log "service ready after ~${i}s"

# One order by hand first, so a broken setup fails with its answer instead of 2000 error counts.
smoke=$("${CURL[@]}" --max-time 30 -w '\n%{http_code}' -X POST "$BASE_URL/api/v1/orders/" \
  -H 'Content-Type: application/json' \
  -d '{"customer_email":"bench-smoke@example.com","customer_name":"Bench","items":[{"product_name":"Widget","quantity":2,"unit_price":1500}],"currency":"JPY"}' || true)
[[ ${smoke##*$'\n'} == 201 ]] || die "smoke order not created: ${smoke}"
log "smoke order: ${smoke%$'\n'*}"
# Its confirmation mail is counted with the warm-up's.
SMOKE_PAID=0
[[ $(grep -o '"status" *: *"[a-z_]*"' <<<"${smoke%$'\n'*}" | head -n1) =~ \"paid\"$ ]] && SMOKE_PAID=1

# CPU accounting: on a small host the load generator, Payara, PostgreSQL and WireMock share the
# cores, and that, more than the peers' delay, sets the latency.
TICKS=$(getconf CLK_TCK)
host_ticks() { awk '/^cpu / {print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }
# utime+stime of a PID and its direct children ("pid (comm) " stripped: comm may hold spaces).
proc_ticks() {
  local sum=0 p t
  [[ $1 =~ ^[1-9][0-9]*$ ]] || {
    echo 0
    return
  }
  for p in "$1" $(pgrep -P "$1" || true); do
    t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12+$13}') || true
    sum=$((sum + ${t:-0}))
  done
  echo "$sum"
}
# Another build or test server on the same cores makes the figures incomparable: count them.
# Reads /proc with builtins: forking ps per process would itself load the saturated host.
count_foreign() {
  local n=0 d p comm stat ppid
  for d in /proc/[0-9]*; do
    read -r comm 2>/dev/null <"$d/comm" || continue
    [[ $comm == java || $comm == postgres ]] || continue
    p=${d#/proc/}
    [[ $p == "$PAYARA_PID" || $p == "$SERVICES_PID" || $p == "$POSTMASTER_PID" ]] && continue
    read -r stat 2>/dev/null <"$d/stat" || continue
    stat=${stat##*) }
    ppid=${stat#* }
    ppid=${ppid%% *}
    [[ $ppid == "$POSTMASTER_PID" ]] && continue
    [[ $comm == java ]] && grep -qa 'bench/CreateLatency\.java' "$d/cmdline" 2>/dev/null && continue
    n=$((n + 1))
  done
  echo "$n"
}

if ((WAIT_QUIET_S > 0)); then
  for ((i = 0; i < WAIT_QUIET_S; i += 5)); do
    (($(count_foreign) == 0)) && break
    ((i % 60 == 0)) && log "waiting for $(count_foreign) other java/postgres processes to end (max ${WAIT_QUIET_S}s)"
    sleep 5
  done
fi
loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)
count_foreign >"$WORK/foreign.samples"
# Sampled during the load as well: builds started meanwhile are what skews a run.
(
  for ((s = 0; s < (TIME_LIMIT_S + 2 * MAIL_WAIT_S + 90) / 5; s++)); do
    sleep 5
    count_foreign >>"$WORK/foreign.samples"
  done
) &
SAMPLER_PID=$!
# Confirmation mails: the service marks an outbox message sent once the notification peer has
# accepted it. True when none is pending and at least $1 are sent (the 1st row from offset $1-1).
mails_sent() {
  local pending sent=x
  pending=$("${CURL[@]}" "$BASE_URL/api/v1/admin/outbox?status=pending&limit=1" | tr -d '[:space:]') || return 1
  [[ $pending == '[]' ]] || return 1
  (($1 == 0)) && return 0
  sent=$("${CURL[@]}" "$BASE_URL/api/v1/admin/outbox?status=sent&skip=$(($1 - 1))&limit=1" | tr -d '[:space:]') || return 1
  [[ $sent == '[{'* ]]
}
# Waits (polling every 0.5 s, MAIL_WAIT_S at most) for mails_sent $1; prints the seconds waited
# and answers false at the deadline.
wait_mails() {
  local t0=$SECONDS i
  for ((i = 0; i < MAIL_WAIT_S * 2; i++)); do
    if mails_sent "$1"; then
      echo $((SECONDS - t0))
      return 0
    fi
    sleep 0.5
  done
  echo $((SECONDS - t0))
  return 1
}
# utime+stime of the postmaster, its backends and the backends that exited (cutime+cstime).
pg_ticks() {
  local reaped
  reaped=$(sed 's/^.*) //' "/proc/$POSTMASTER_PID/stat" 2>/dev/null | awk '{print $14+$15}') || true
  echo $(($(proc_ticks "$POSTMASTER_PID") + ${reaped:-0}))
}

# Warm-up rounds (closed loop, BENCH_CLIENTS clients) until a round costs the JIT compiler at most
# BENCH_JIT_SETTLED_S: only then is the server warm (see jit_seconds in bench/lib.sh). The
# generator's own warm-up below follows them, and their mails are awaited with its own.
ROUNDS_PAID=0
ROUNDS_DONE=0
jit_note="not settled"
for ((r = 1; r <= WARMUP_ROUNDS; r++)); do
  jit0=$(jit_seconds "$PAYARA_PID")
  round=$(timeout --foreground --signal=TERM --kill-after=10 180 \
    java bench/CreateLatency.java "$BASE_URL" "$CLIENTS" 0 "$WARMUP_ROUND" 150 0 </dev/null) \
    || die "warm-up round $r failed: $(tail -n 5 <<<"$round")"
  paid=$(sed -n 's/^paid orders: *warm-up [0-9]*, measured \([0-9]*\)$/\1/p' <<<"$round")
  ROUNDS_PAID=$((ROUNDS_PAID + ${paid:-0}))
  ROUNDS_DONE=$r
  jit_round=$(awk -v a="$jit0" -v b="$(jit_seconds "$PAYARA_PID")" 'BEGIN {printf "%.2f", b - a}')
  log "warm-up round $r: $WARMUP_ROUND orders, $(sed -n 's/^throughput: *\([0-9.]* orders\/s\).*/\1/p' <<<"$round"), JIT ${jit_round} s"
  if jit_settled "$PAYARA_PID" "$jit0" "$JIT_SETTLED_S"; then
    jit_note="settled: ${jit_round} s of JIT in round $r"
    break
  fi
done

PHASE_DIR=$ROOT/$WORK/phase
rm -rf "$PHASE_DIR"
mkdir -p "$PHASE_DIR"
log "load: $CLIENTS clients, $WARMUP warm-up + $REQUESTS measured requests (rate ${RATE}/s, 0 = closed loop), limit ${TIME_LIMIT_S}s"
load_rc=0
# In the background and waited for: bash runs a trap only between commands, and `wait` is the one
# it interrupts, so a SIGTERM stops the bench now rather than after the load. --foreground keeps
# timeout in our process group.
BENCH_PHASE_DIR=$PHASE_DIR timeout --foreground --signal=TERM --kill-after=10 $((TIME_LIMIT_S + 60)) \
  java bench/CreateLatency.java "$BASE_URL" "$CLIENTS" "$WARMUP" "$REQUESTS" "$TIME_LIMIT_S" "$RATE" \
  >"$WORK/load.out" </dev/null &
LOAD_PID=$!

# The phase boundary: the generator has finished its warm-up and waits for measure.go.
warm_mails="?"
warm_paid=
while kill -0 "$LOAD_PID" 2>/dev/null && [[ ! -f $PHASE_DIR/warm-up.done ]]; do
  sleep 0.2
done
if [[ -f $PHASE_DIR/warm-up.done ]]; then
  warm_paid=$(sed -n 's/^paid=//p' "$PHASE_DIR/warm-up.done")
  # The warm-up's mails go out before the measured phase, so its end sample holds only its own.
  if waited=$(wait_mails $((SMOKE_PAID + ROUNDS_PAID + warm_paid))); then
    warm_mails="all $((SMOKE_PAID + ROUNDS_PAID + warm_paid)) sent ${waited}s after the warm-up"
  else
    warm_mails="NOT all $((SMOKE_PAID + ROUNDS_PAID + warm_paid)) sent after ${waited}s: the measured phase pays for the rest"
  fi
  log "warm-up done ($warm_paid paid orders); its mails: $warm_mails"
fi
read -r host_total0 host_idle0 < <(host_ticks)
payara0=$(proc_ticks "$PAYARA_PID")
peers0=$(proc_ticks "$SERVICES_PID")
pg0=$(pg_ticks)
jit_measured0=$(jit_seconds "$PAYARA_PID")
touch "$PHASE_DIR/measure.go"
wait "$LOAD_PID" || load_rc=$?
LOAD_PID=
result=$(cat "$WORK/load.out")

# The end sample: once every measured paid order's confirmation mail is sent.
measured_paid=$(sed -n 's/^paid orders: *warm-up [0-9]*, measured \([0-9]*\)$/\1/p' <<<"$result")
measured_ok=$(sed -n 's/^measured: .* \([0-9]*\) answered 201,.*/\1/p' <<<"$result")
mails="?"
mails_ok=false
if [[ -n $measured_paid && -n $warm_paid ]]; then
  all_paid=$((SMOKE_PAID + ROUNDS_PAID + warm_paid + measured_paid))
  if waited=$(wait_mails "$all_paid"); then
    mails="all $measured_paid sent ${waited}s after the last answer"
    mails_ok=true
  else
    mails="NOT all sent ${MAIL_WAIT_S}s after the last answer (expected $all_paid in all): CPU figures without the rest"
  fi
fi
log "measured phase's mails: $mails"

read -r host_total1 host_idle1 < <(host_ticks)
payara_t=$(($(proc_ticks "$PAYARA_PID") - payara0))
peers_t=$(($(proc_ticks "$SERVICES_PID") - peers0))
pg_t=$(($(pg_ticks) - pg0))
jit_measured=$(awk -v a="$jit_measured0" -v b="$(jit_seconds "$PAYARA_PID")" 'BEGIN {printf "%.2f", b - a}')
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=
foreign_max=$(sort -n "$WORK/foreign.samples" | tail -n1)
cpu_s() { awk -v t="$1" -v hz="$TICKS" 'BEGIN {printf "%.1f", t / hz}'; }
# Parenthesised: a bare '>' in awk's printf arguments is an output redirection.
host_busy=$(awk -v t=$((host_total1 - host_total0)) -v i=$((host_idle1 - host_idle0)) \
  'BEGIN {printf "%.0f", (t > 0 ? 100 * (t - i) / t : 0)}')
gen_s=$(sed -n 's/^generator CPU measured: *\([0-9.]*\) s.*/\1/p' <<<"$result")
rest_t=$((host_total1 - host_total0 - host_idle1 + host_idle0 - payara_t - peers_t - pg_t))
other_s=$(awk -v r="$(cpu_s $rest_t)" -v g="${gen_s:-0}" 'BEGIN {printf "%.1f", r - g}')
# Milliseconds of CPU per measured order (answered 201).
per_order() { # $1 ticks
  awk -v t="$1" -v hz="$TICKS" -v n="${measured_ok:-0}" 'BEGIN {printf (n > 0 ? "%.2f" : "n/a"), (n > 0 ? 1000 * t / hz / n : 0)}'
}
gen_ms=$(awk -v g="${gen_s:-}" -v n="${measured_ok:-0}" 'BEGIN {printf ((g != "" && n > 0) ? "%.2f" : "n/a"), ((g != "" && n > 0) ? 1000 * g / n : 0)}')
$mails_ok && mails_note="mails included" || mails_note="mails NOT all included: $mails"
cpu_per_order="cpu per order: Payara $(per_order $payara_t) ms, PostgreSQL $(per_order $pg_t) ms, WireMock $(per_order $peers_t) ms, generator $gen_ms ms (measured phase, ${measured_ok:-?} orders, $mails_note)"
paced_line=
if awk -v r="$RATE" 'BEGIN {exit !(r > 0)}'; then
  p50=$(sed -n 's/^latency: *p50 \([0-9.]*\) ms.*/\1/p' <<<"$result")
  if [[ -n $p50 ]] && ((PEER_DELAY_MS > 0)); then
    paced_line="p50 ÷ payment peer latency: $(awk -v a="$p50" -v b="$PEER_DELAY_MS" 'BEGIN {printf "%.2f", a / b}') (p50 $p50 ms from the due time, payment peer $PEER_DELAY_MS ms; ${RATE} orders/s)"
  else
    paced_line="p50 ÷ payment peer latency: n/a (no p50, or BENCH_PEER_DELAY_MS=0)"
  fi
fi
db_alive=yes
[[ -n $(our_postmaster) ]] || db_alive="NO - the database went away during the run"

severe=$(grep -c 'SEVERE' "$PAYARA_LOG" || true)
warning=$(grep -c 'WARNING' "$PAYARA_LOG" || true)

summary=$(
  cat <<EOF
=== create-latency $(date -u +%Y-%m-%dT%H:%M:%SZ) ===
commit:           $commit
machine:          $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); load generator, Payara, PostgreSQL and WireMock on the same host
java:             $(java -version 2>&1 | head -n1)
setup:            Payara Micro -Xmx512m; WireMock payment peer with fixedDelay ${PEER_DELAY_MS} ms, notification peer ${NOTIFICATION_DELAY_MS} ms; fresh database
contention:       load average $loadavg_before before the load; up to $foreign_max java/postgres processes not started by this run during it
$result
warm-up:          $ROUNDS_DONE round(s) of $WARMUP_ROUND orders before the generator's $WARMUP (JIT $jit_note; at most $WARMUP_ROUNDS rounds, settled means <= ${JIT_SETTLED_S} s)
jit:              ${jit_measured} CPU s of Payara's JIT compiler threads during the measured phase (part of its CPU below)
mails:            warm-up: $warm_mails; measured phase: $mails
cpu:              host $host_busy% busy over the measured phase (from the warm-up's last mail to the measured orders' last mail); CPU s: Payara $(cpu_s $payara_t), WireMock peers $(cpu_s $peers_t), PostgreSQL $(cpu_s $pg_t), load generator ${gen_s:-?}, everything else $other_s
$cpu_per_order${paced_line:+
$paced_line}
database alive:   $db_alive
payara.log:       $severe SEVERE, $warning WARNING lines ($PAYARA_LOG)
load exit code:   $load_rc (0 complete, 1 errors, 3 cut short by the time limit)
EOF
)
printf '%s\n\n' "$summary" >>"$RESULT_TXT"
printf '\n%s\n\n(appended to %s)\n' "$summary" "$RESULT_TXT"
exit "$load_rc"
