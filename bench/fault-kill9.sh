#!/usr/bin/env bash
# Crash test: kill -9 the Order Service while N charges hang in flight, restart it, and check from
# the peers' own request journals that no order was charged twice and that every order got exactly
# one confirmation mail, although the Notification Service refused every mail for a while.
#
#   bench/fault-kill9.sh        exit 0 only on PASS; logs and evidence in target/fault/
#
# 1. builds the WAR (offline, tests skipped) and runs a frozen copy from target/fault/, so both
#    Payara Micros run the same WAR while other builds rewrite target/;
# 2. starts the run command's services only: embedded PostgreSQL on 127.0.0.1:25452 with its own
#    data folder target/fault/db (deleted first: every run starts on an empty database), WireMock
#    payment peer on :9101, notification peer on :9102;
# 3. faults the peers (charges answered after 20 s, every e-mail 500), starts Payara Micro on :8086,
#    fires N order creations, and kill -9s it once the charges hang at the peer (3 s, up to 15 s);
# 4. removes the charge fault, restarts Payara Micro, and removes the e-mail fault only
#    FAULT_MAIL_DOWN_S after it is ready (up to 20 s later while no e-mail has arrived yet), so the
#    confirmation mails are refused and the outbox must retry them. Fault stubs are deleted by id
#    (POST /__admin/mappings/reset would also clear the request journals, the evidence);
# 5. bench/FaultCheck.java (JDK only) waits until every order is paid with nothing pending in the
#    outbox, then judges: one charge key per order, exactly one accepted confirmation per order,
#    at least one e-mail refused (5xx) before being accepted. A PASS with no charge in flight at the
#    kill is INCONCLUSIVE (exit 1).
#
# Every wait has a deadline; the clean-up stops everything started, including a PostgreSQL on
# target/fault/db. Knobs (environment): FAULT_ORDERS (20), FAULT_TIME_LIMIT_S (300, clean-up
# included), FAULT_SETTLE_S (120), FAULT_MAIL_DOWN_S (8).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
source bench/lib.sh

N=${FAULT_ORDERS:-20}
TIME_LIMIT_S=${FAULT_TIME_LIMIT_S:-300}
SETTLE_S=${FAULT_SETTLE_S:-120}
MAIL_DOWN_S=${FAULT_MAIL_DOWN_S:-8}
MAIL_DOWN_MAX_S=$((MAIL_DOWN_S + 20)) # longer only while no e-mail has been refused yet
CLEANUP_RESERVE_S=35 # 20 s for the services to stop, 10 s for an orphaned postmaster, slack
APP_PORT=8086
DB_PORT=25452
PAYMENT_PORT=9101
NOTIFICATION_PORT=9102
CHARGE_DELAY_MS=20000
IN_FLIGHT_WAIT_S=3
IN_FLIGHT_MAX_S=15 # < CHARGE_DELAY_MS: the first charge sent must still be unanswered at the kill
STOP_GRACE_S=20

START=$(date +%s)
DEADLINE=$((START + TIME_LIMIT_S - CLEANUP_RESERVE_S))

OUT=target/fault
CLIENTS=$OUT/clients
DB_DIR=$OUT/db # DevServer's DEV_DB_DIR: this run's own PostgreSQL data, emptied at every start
BASE=http://127.0.0.1:$APP_PORT
PAY=http://127.0.0.1:$PAYMENT_PORT
NOTIF=http://127.0.0.1:$NOTIFICATION_PORT
# In each order's customer e-mail, so the checker can tell the fired requests' orders apart.
TAG=$(date +%Y%m%d%H%M%S)-$$

# Never through a proxy from the environment: all traffic stays on loopback.
CURL=(curl -s --noproxy '*' --max-time 5)

SERVICES_PID=      # mvn -Prun, leader of its own process group (setsid)
POSTMASTER_PID=    # pg_ctl daemonises PostgreSQL out of that group: tracked separately
PAYARA_PID=
PAYARA_PIDS=()     # every Payara Micro this run started, for the leftover check
CURL_PIDS=()

log() { printf '[fault %s +%3ss] %s\n' "$(date +%H:%M:%S)" "$(elapsed)" "$*" >&2; }

# True when $1 is a PostgreSQL server on our data folder (a PID can be reused).
is_our_postmaster() {
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *" -D $ROOT/$DB_DIR "* ]]
}

# The PID of a live PostgreSQL on our data folder, if any.
db_postmaster() {
  local pid
  pid=$(head -n1 "$DB_DIR/postmaster.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && is_our_postmaster "$pid" && echo "$pid"
}

stop_postmaster() { # fast shutdown, SIGKILL after 10 s
  kill -INT "$1" 2>/dev/null
  wait_pid_gone "$1" 10 || kill -KILL "$1" 2>/dev/null
}

cleanup() {
  local rc=$? pid left=()
  trap - EXIT INT TERM
  set +e
  for pid in "${CURL_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  # Payara Micro holds no state worth a graceful stop here: the test is about crashes anyway.
  for pid in "${PAYARA_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping Payara Micro (pid $pid, SIGKILL)"
      kill -KILL "$pid"
      wait "$pid" 2>/dev/null
    fi
  done
  if [[ -n $SERVICES_PID ]] && pgrep -g "$SERVICES_PID" >/dev/null; then
    # SIGTERM first: DevServer's shutdown hook stops WireMock and runs `pg_ctl stop`.
    log "stopping dev services (process group $SERVICES_PID, SIGTERM)"
    kill -TERM -- "-$SERVICES_PID" 2>/dev/null
    if ! wait_group_gone "$SERVICES_PID" "$STOP_GRACE_S"; then
      log "dev services still alive after ${STOP_GRACE_S}s: SIGKILL"
      kill -KILL -- "-$SERVICES_PID" 2>/dev/null
      wait_group_gone "$SERVICES_PID" 5
    fi
    wait "$SERVICES_PID" 2>/dev/null
  fi
  # The postmaster is in its own session, so a SIGKILLed mvn group would leave it running.
  [[ -z $POSTMASTER_PID ]] && POSTMASTER_PID=$(db_postmaster)
  if [[ -n $POSTMASTER_PID ]] && kill -0 "$POSTMASTER_PID" 2>/dev/null && is_our_postmaster "$POSTMASTER_PID"; then
    log "embedded PostgreSQL (pid $POSTMASTER_PID) still running: fast shutdown"
    stop_postmaster "$POSTMASTER_PID"
  fi
  # Leftover check, limited to what this run started (other engineers run Payara and PostgreSQL
  # on this machine too).
  sleep 1 # let exited processes be reaped; a zombie (state Z) holds no resources and is skipped
  for pid in $(pgrep -f 'payara-micro|postgres'); do
    local pgid ppid stat
    read -r pgid ppid stat < <(ps -o pgid=,ppid=,stat= -p "$pid" 2>/dev/null) || continue
    [[ $stat == Z* ]] && continue
    if [[ " ${PAYARA_PIDS[*]} $POSTMASTER_PID " == *" $pid "* ||
      (-n $SERVICES_PID && $pgid == "$SERVICES_PID") ||
      (-n $POSTMASTER_PID && $ppid == "$POSTMASTER_PID") ]]; then
      left+=("$pid")
    fi
  done
  if ((${#left[@]} > 0)); then
    log "LEFTOVER processes of this run: ${left[*]}"
    ps -o pid,pgid,args -p "$(IFS=,; echo "${left[*]}")" >&2
    [[ $rc == 0 ]] && rc=1
  else
    log "no process of this run left (checked pgrep -f 'payara-micro|postgres')"
  fi
  rm -rf "$OUT"/payara-root-*
  log "done in $(elapsed)s, exit $rc; logs in $OUT/"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# 0. Our ports are free; a fresh, empty target/fault (with the database folder).

for p in "$APP_PORT" "$PAYMENT_PORT" "$NOTIFICATION_PORT"; do
  port_busy "$p" && die "port $p on 127.0.0.1 is already in use"
done
# Only this script uses target/fault/db: a PostgreSQL still on it was left by a run killed before
# its clean-up (the peers' ports are free, so that run is over).
if pid=$(db_postmaster); then
  log "stopping a PostgreSQL left on $DB_DIR by an earlier run (pid $pid)"
  stop_postmaster "$pid"
fi
port_busy "$DB_PORT" && die "port $DB_PORT on 127.0.0.1 is already in use"
rm -rf "$OUT"
mkdir -p "$CLIENTS"

# ---------------------------------------------------------------------------------------------
# 1. Build, then freeze what we run: the services-only mvn below and other builds rewrite
# target/order-service.war and target/runtime/ while we run.

need_time 200 "the build"
log "building (mvn -o package, tests skipped)"
if ! timeout "$(remaining)" mvn -B -q -o -DskipTests -Dspotless.check.skip=true package >"$OUT/build.log" 2>&1; then
  tail -n 30 "$OUT/build.log" >&2
  die "build failed (someone mid-edit? try again in a minute); see $OUT/build.log"
fi
mkdir -p "$OUT/runtime"
cp target/order-service.war "$OUT/order-service.war"
cp target/runtime/payara-micro.jar target/runtime/postgresql.jar "$OUT/runtime/"
cp src/main/payara/post-boot-commands.asadmin "$OUT/post-boot-commands.asadmin"
jar tf "$OUT/order-service.war" >"$OUT/war-contents.txt" || die "the copied WAR is not a valid archive"
grep -q 'outbox/boundary/OutboxAdminResource.class' "$OUT/war-contents.txt" \
  || log "WARNING: the WAR has no OutboxAdminResource (an older service?)"
log "built; WAR $(sha256sum "$OUT/order-service.war" | cut -c1-12) frozen in $OUT/"

# The checker is compiled now so a broken checker fails before the two-minute run, not after.
javac -d "$OUT/checker" bench/FaultCheck.java || die "bench/FaultCheck.java does not compile"

# ---------------------------------------------------------------------------------------------
# 2. Embedded PostgreSQL + WireMock peers. setsid: their own process group, so the clean-up can
# signal all of it (mvn and the JVM it runs) and nothing else. The URLs are unset so DevServer
# starts every stand-in and the external-db profile stays off. -e: with -q alone, a DevServer
# that dies leaves only "An exception occurred" in the log, not why.

need_time 150 "the dev services"
log "starting dev services (mvn -Prun, services only)"
env -u DB_URL -u DB_USER -u DB_PASSWORD -u PAYMENT_SERVICE_URL -u NOTIFICATION_SERVICE_URL \
  -u MP_JWT_VERIFY_PUBLICKEY -u MP_JWT_VERIFY_PUBLICKEY_LOCATION -u MP_JWT_VERIFY_ISSUER -u MP_JWT_VERIFY_AUDIENCES \
  DEV_SERVICES_ONLY=true DEV_DB_PORT=$DB_PORT DEV_DB_DIR=$DB_DIR \
  DEV_PAYMENT_PORT=$PAYMENT_PORT DEV_NOTIFICATION_PORT=$NOTIFICATION_PORT \
  setsid mvn -B -q -e -o -Prun -Dspotless.check.skip=true package >"$OUT/services.log" 2>&1 </dev/null &
SERVICES_PID=$!
until grep -q 'Dev services ready.' "$OUT/services.log" 2>/dev/null; do
  kill -0 "$SERVICES_PID" 2>/dev/null || {
    tail -n 30 "$OUT/services.log" >&2
    die "dev services exited; see $OUT/services.log"
  }
  (($(remaining) > 120)) || die "dev services not ready in time; see $OUT/services.log"
  sleep 0.5
done
# The run command made a local signing key and tokens: the service below trusts that key, and
# every call (curl and bench/FaultCheck.java) sends the operator token.
read_dev_tokens "$OUT/services.log"
POSTMASTER_PID=$(db_postmaster) || log "WARNING: no live PostgreSQL found from $DB_DIR/postmaster.pid"
for peer in "$PAY" "$NOTIF"; do
  [[ $("${CURL[@]}" -o /dev/null -w '%{http_code}' "$peer/__admin/mappings") == 200 ]] \
    || die "WireMock admin API not answering at $peer/__admin"
done
log "dev services ready (postgres pid ${POSTMASTER_PID:-?})"

# ---------------------------------------------------------------------------------------------
# 3. Fault the peers. Priority 1 beats the mapping files (default priority 5). Fixed ids, so
# exactly these two stubs can be removed later without touching the journal.

CHARGE_STUB=$(cat /proc/sys/kernel/random/uuid)
MAIL_STUB=$(cat /proc/sys/kernel/random/uuid)
add_stub() {
  local peer=$1 json=$2 code
  code=$("${CURL[@]}" -o "$OUT/stub-answer.json" -w '%{http_code}' -X POST "$peer/__admin/mappings" \
    -H 'Content-Type: application/json' --data-binary "$json")
  [[ $code == 201 ]] || die "WireMock refused a fault stub at $peer ($code): $(cat "$OUT/stub-answer.json")"
}
# The charge is taken (status completed, as the look-up will say later) but answered after 20 s:
# the Order Service's charge calls hang in flight until it is killed.
add_stub "$PAY" '{
  "id": "'"$CHARGE_STUB"'", "priority": 1, "name": "fault-kill9: charge answers after 20 s",
  "request": {"method": "POST", "urlPath": "/api/v1/payments"},
  "response": {
    "status": 201, "fixedDelayMilliseconds": '"$CHARGE_DELAY_MS"',
    "headers": {"Content-Type": "application/json; charset=UTF-8"},
    "body": "{\"id\": {{math (jsonPath request.body '"'"'$.order_id'"'"') '"'"'+'"'"' 500}}, \"order_id\": {{jsonPath request.body '"'"'$.order_id'"'"'}}, \"amount\": {{jsonPath request.body '"'"'$.amount'"'"'}}, \"currency\": \"{{jsonPath request.body '"'"'$.currency'"'"'}}\", \"status\": \"completed\"}",
    "transformers": ["response-template"]}}'
add_stub "$NOTIF" '{
  "id": "'"$MAIL_STUB"'", "priority": 1, "name": "fault-kill9: notification service down",
  "request": {"method": "POST", "urlPath": "/api/v1/notifications/email"},
  "response": {"status": 500, "headers": {"Content-Type": "application/json"},
    "body": "{\"detail\": \"fault-kill9: notification service down\"}"}}'
log "peers faulted: charges delayed ${CHARGE_DELAY_MS}ms, e-mails 500"

# ---------------------------------------------------------------------------------------------
# Payara Micro, started directly (not through DevServer) so this script holds the JVM's PID.
# --rootdir keeps its runtime folder in target/fault: after kill -9 nothing is left in /tmp.

start_payara() {
  local n=$1
  need_time 60 "Payara Micro #$n"
  log "starting Payara Micro #$n on :$APP_PORT"
  env -u DB_URL -u PAYMENT_SERVICE_URL -u NOTIFICATION_SERVICE_URL \
    DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" DB_USER=postgres DB_PASSWORD=postgres \
    PAYMENT_SERVICE_URL="$PAY" NOTIFICATION_SERVICE_URL="$NOTIF" PAYMENT_WEBHOOK_SECRET=fault-secret \
    PAYMENT_TIMEOUT_MS=30000 \
    OUTBOX_POLL_MS=200 OUTBOX_BACKOFF_BASE_MS=200 OUTBOX_BACKOFF_MAX_MS=2000 OUTBOX_MAX_ATTEMPTS=50 \
    RECONCILE_GRACE_SECONDS=5 RECONCILE_INTERVAL_SECONDS=2 \
    java -Xmx512m -jar "$OUT/runtime/payara-micro.jar" --deploy "$OUT/order-service.war" \
    --port "$APP_PORT" --nohazelcast --addlibs "$OUT/runtime/postgresql.jar" \
    --postbootcommandfile "$OUT/post-boot-commands.asadmin" --rootdir "$OUT/payara-root-$n" \
    >"$OUT/payara-$n.log" 2>&1 </dev/null &
  PAYARA_PID=$!
  PAYARA_PIDS+=("$PAYARA_PID")
  until [[ $("${CURL[@]}" --max-time 2 -o /dev/null -w '%{http_code}' "$BASE/api/v1/orders/?limit=1" || true) == 200 ]]; do
    kill -0 "$PAYARA_PID" 2>/dev/null || {
      tail -n 30 "$OUT/payara-$n.log" >&2
      die "Payara Micro #$n exited; see $OUT/payara-$n.log"
    }
    (($(remaining) > 30)) || die "Payara Micro #$n not ready in time; see $OUT/payara-$n.log"
    sleep 0.5
  done
  log "Payara Micro #$n ready (pid $PAYARA_PID)"
}

journal_count() { # $1 peer, $2 method, $3 url: how many such requests WireMock has received
  "${CURL[@]}" -X POST "$1/__admin/requests/count" -H 'Content-Type: application/json' \
    --data-binary "{\"method\": \"$2\", \"urlPath\": \"$3\"}" | tr -dc '0-9'
}

start_payara 1
outbox_code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$BASE/api/v1/admin/outbox?status=pending&limit=1" || true)
[[ $outbox_code == 200 ]] || die "GET /api/v1/admin/outbox answers $outbox_code: this WAR predates the outbox; rebuild later"

# Each order has its own e-mail (how the checker finds this run's orders) and a unique amount.
log "firing $N order creations (not waiting for them)"
fired_at=$(date +%s)
for ((i = 1; i <= N; i++)); do
  printf '{"customer_email": "fault-%s-%d@example.com", "customer_name": "Fault %d", "items": [{"product_name": "Crash test item %d", "quantity": 1, "unit_price": %d}], "currency": "JPY"}' \
    "$TAG" "$i" "$i" "$i" $((10000 + i)) >"$CLIENTS/$i.req"
  # 000 in i.code means the server died before answering.
  curl -s --noproxy '*' --max-time 60 -o "$CLIENTS/$i.body" -w '%{http_code}' \
    -X POST "$BASE/api/v1/orders/" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $OPERATOR_TOKEN" --data-binary "@$CLIENTS/$i.req" >"$CLIENTS/$i.code" 2>/dev/null &
  CURL_PIDS+=($!)
done
# The charges must be hanging in flight when the JVM dies. Wait the nominal 3 s, then (a cold
# JVM on a busy machine may take longer to send its first charges) until all N charges have
# reached the peer or their count stopped growing for 2 s, but never past IN_FLIGHT_MAX_S: the
# first charge is answered CHARGE_DELAY_MS after it arrived, and it must still be hanging.
sleep "$IN_FLIGHT_WAIT_S"
seen=-1
stable_since=$(date +%s)
while :; do
  charges=$(journal_count "$PAY" POST /api/v1/payments)
  charges=${charges:-0}
  now=$(date +%s)
  ((charges != seen)) && { seen=$charges; stable_since=$now; }
  ((charges >= N)) && break
  ((charges > 0 && now - stable_since >= 2)) && break
  ((now - fired_at >= IN_FLIGHT_MAX_S)) && break
  sleep 0.25
done
log "charges in flight at the payment peer: $charges of $N, $(($(date +%s) - fired_at))s after firing (each answered only after ${CHARGE_DELAY_MS}ms)"
CHARGES_AT_KILL=$charges
log "kill -9 Payara Micro #1 (pid $PAYARA_PID)"
kill -KILL "$PAYARA_PID"
wait "$PAYARA_PID" 2>/dev/null || true
for pid in "${CURL_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
CURL_PIDS=()
log "clients' HTTP codes: $(for f in "$CLIENTS"/*.code; do cat "$f"; echo; done | sort | uniq -c | tr -s ' \n' ' ')(000 = no answer)"

# ---------------------------------------------------------------------------------------------
# 4. Heal in two steps: the charge fault now, the e-mail fault only once the restarted service has
# had MAIL_DOWN_S to reconcile its orders and try their confirmation mails, so the outbox must
# retry them. Only the fault stubs go; the mapping files' stubs answer again.

delete_stub() { # $1 peer, $2 stub id
  local code
  code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -X DELETE "$1/__admin/mappings/$2")
  [[ $code == 200 ]] || die "could not delete fault stub $2 at $1 ($code)"
  code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$1/__admin/mappings/$2")
  [[ $code == 404 ]] || die "fault stub $2 still present at $1"
}
stub_total() { "${CURL[@]}" "$1/__admin/mappings" | grep -o '"total" *: *[0-9]*' | tr -dc '0-9'; }

delete_stub "$PAY" "$CHARGE_STUB"
log "charge fault removed (payment stubs: $(stub_total "$PAY")); e-mails still answer 500"

# ---------------------------------------------------------------------------------------------
# 5. Restart; MAIL_DOWN_S later (longer, up to MAIL_DOWN_MAX_S, while no e-mail has been refused
# yet) remove the e-mail fault. Every mail the peer has received until then was answered 500.

start_payara 2
ready_at=$(date +%s)
sleep "$MAIL_DOWN_S"
while :; do
  refused=$(journal_count "$NOTIF" POST /api/v1/notifications/email)
  refused=${refused:-0}
  ((refused > 0 || $(date +%s) - ready_at >= MAIL_DOWN_MAX_S)) && break
  sleep 0.5
done
((refused > 0)) || log "WARNING: no e-mail reached the notification peer in $((MAIL_DOWN_MAX_S))s; the mail fault is not exercised"
delete_stub "$NOTIF" "$MAIL_STUB"
log "e-mail fault removed $(($(date +%s) - ready_at))s after Payara Micro #2 was ready; e-mails refused (500) until then: $refused (notification stubs: $(stub_total "$NOTIF"))"

# ---------------------------------------------------------------------------------------------
# 6. Let reconciliation and the outbox finish, then judge.

settle_deadline=$(($(date +%s) + SETTLE_S))
((settle_deadline > DEADLINE - 10)) && settle_deadline=$((DEADLINE - 10))
log "waiting (until +$((settle_deadline - START))s at most) for every order to be paid and mailed"
set +e
timeout $((settle_deadline - $(date +%s) + 30)) \
  java -cp "$OUT/checker" FaultCheck "$BASE" "$PAY" "$NOTIF" "$OUT" "$settle_deadline" | tee "$OUT/check.txt"
check_rc=${PIPESTATUS[0]}
set -e
for n in 1 2; do
  [[ -f $OUT/payara-$n.log ]] && log "payara-$n.log: $(grep -c 'SEVERE' "$OUT/payara-$n.log") SEVERE, $(grep -c 'WARNING' "$OUT/payara-$n.log") WARNING lines"
done
log "per-order detail: $OUT/check-detail.txt; journals: $OUT/*-journal.json"
# A PASS without a single charge in flight at the kill proves nothing about double charges.
if ((check_rc == 0 && CHARGES_AT_KILL == 0)); then
  log "INCONCLUSIVE: no charge had reached the payment peer when the JVM was killed; run again"
  exit 1
fi
exit "$check_rc"
