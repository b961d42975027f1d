#!/usr/bin/env bash
# Payara Server 6 smoke (the full distribution, with its admin console): the built WAR deployed by
# asadmin to a fresh domain configured with the same src/main/payara/post-boot-commands.asadmin as
# Payara Micro, the driver added with add-library; then an order is created, a CSV imported, and
# both read back. Loopback only; the domain uses ports SMOKE_PORTBASE+ (default 21000: admin
# 21048, HTTP 21080); the run command's database and peers on SMOKE_DB_PORT (25835),
# SMOKE_PAYMENT_PORT (29405), SMOKE_NOTIFICATION_PORT (29406). Work folder target/payara-server-smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

PAYARA_VERSION=6.2025.10
PORTBASE=${SMOKE_PORTBASE:-21000}
DB_PORT=${SMOKE_DB_PORT:-25835}
PAYMENT_PORT=${SMOKE_PAYMENT_PORT:-29405}
NOTIFICATION_PORT=${SMOKE_NOTIFICATION_PORT:-29406}
OUT=$PWD/target/payara-server-smoke
HTTP=http://127.0.0.1:$((PORTBASE + 80))
TIME_LIMIT_S=900
START=$(date +%s)
DEADLINE=$((START + TIME_LIMIT_S))
CURL=(curl -sS --max-time 20)
SERVICES_PID=
ASADMIN=
log() { echo "[payara-server-smoke $(elapsed)s] $*"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  if [[ -n $ASADMIN ]]; then
    log "stopping the domain"
    "$ASADMIN" stop-domain orders >/dev/null 2>&1
  fi
  if [[ -n $SERVICES_PID ]] && pgrep -g "$SERVICES_PID" >/dev/null; then
    log "stopping dev services (process group $SERVICES_PID)"
    kill -TERM -- "-$SERVICES_PID" 2>/dev/null
    wait_group_gone "$SERVICES_PID" 30 || kill -KILL -- "-$SERVICES_PID" 2>/dev/null
  fi
  exit "$rc"
}
trap cleanup EXIT INT TERM

rm -rf "$OUT"
mkdir -p "$OUT"
log "building the WAR and fetching Payara Server $PAYARA_VERSION"
mvn -B -q -DskipTests -Dspotless.check.skip=true package dependency:copy \
  -Dartifact=fish.payara.distributions:payara:$PAYARA_VERSION:zip -DoutputDirectory="$OUT" \
  >"$OUT/build.log" 2>&1 || die "build failed; see $OUT/build.log"
unzip -q "$OUT/payara-$PAYARA_VERSION.zip" -d "$OUT"
ASADMIN=$OUT/payara6/bin/asadmin

log "starting the run command's database and peers (services only)"
env -u DB_URL -u DB_USER -u DB_PASSWORD -u PAYMENT_SERVICE_URL -u NOTIFICATION_SERVICE_URL \
  -u MP_JWT_VERIFY_PUBLICKEY -u MP_JWT_VERIFY_PUBLICKEY_LOCATION -u MP_JWT_VERIFY_ISSUER -u MP_JWT_VERIFY_AUDIENCES \
  DEV_SERVICES_ONLY=true DEV_DB_PORT=$DB_PORT DEV_DB_DIR=$OUT/db \
  DEV_PAYMENT_PORT=$PAYMENT_PORT DEV_NOTIFICATION_PORT=$NOTIFICATION_PORT \
  setsid mvn -B -q -e -o -Prun -Dspotless.check.skip=true package >"$OUT/services.log" 2>&1 </dev/null &
SERVICES_PID=$!
until grep -q 'Dev services ready.' "$OUT/services.log" 2>/dev/null; do
  kill -0 "$SERVICES_PID" 2>/dev/null || die "dev services exited; see $OUT/services.log"
  need_time 60 "dev services"
  sleep 0.5
done
read_dev_tokens "$OUT/services.log"

# The environment contract: the domain's server process reads these through ${ENV=...} and
# MicroProfile Config, exactly as Payara Micro does.
DB_URL=$(sed -n 's/^ *DB_URL=\([^ ]*\).*/\1/p' "$OUT/services.log" | tail -n1)
DB_USER=$(sed -n 's/.* DB_USER=\([^ ]*\).*/\1/p' "$OUT/services.log" | tail -n1)
export DB_URL DB_USER DB_PASSWORD=postgres
export PAYMENT_SERVICE_URL=http://127.0.0.1:$PAYMENT_PORT NOTIFICATION_SERVICE_URL=http://127.0.0.1:$NOTIFICATION_PORT
export PAYMENT_WEBHOOK_SECRET=smoke-webhook-secret

log "creating domain 'orders' (port base $PORTBASE) and starting it"
"$ASADMIN" --user admin create-domain --portbase "$PORTBASE" --nopassword=true orders >"$OUT/asadmin.log" 2>&1
t0=$(date +%s)
"$ASADMIN" start-domain orders >>"$OUT/asadmin.log" 2>&1 || die "start-domain failed; see $OUT/asadmin.log"
log "domain started in $(($(date +%s) - t0)) s"
ASADMIN_PORT=(--port $((PORTBASE + 48)))
"$ASADMIN" "${ASADMIN_PORT[@]}" add-library target/runtime/postgresql.jar >>"$OUT/asadmin.log" 2>&1
"$ASADMIN" "${ASADMIN_PORT[@]}" set-hazelcast-configuration --enabled=false >>"$OUT/asadmin.log" 2>&1 || true
"$ASADMIN" "${ASADMIN_PORT[@]}" restart-domain orders >>"$OUT/asadmin.log" 2>&1
log "running src/main/payara/post-boot-commands.asadmin with asadmin"
"$ASADMIN" "${ASADMIN_PORT[@]}" multimode --file src/main/payara/post-boot-commands.asadmin \
  >>"$OUT/asadmin.log" 2>&1 || die "the asadmin script failed; see $OUT/asadmin.log"
t0=$(date +%s)
"$ASADMIN" "${ASADMIN_PORT[@]}" deploy target/order-service.war >>"$OUT/asadmin.log" 2>&1 \
  || die "deploy failed; see $OUT/asadmin.log and $OUT/payara6/glassfish/domains/orders/logs/server.log"
log "deployed in $(($(date +%s) - t0)) s"

[[ $("${CURL[@]}" -o /dev/null -w '%{http_code}' "$HTTP/health/ready") == 200 ]] || die "/health/ready is not 200"
order=$("${CURL[@]}" -X POST "$HTTP/api/v1/orders/" -H 'Content-Type: application/json' -d \
  '{"customer_email": "smoke@example.com", "customer_name": "Smoke", "items": [{"product_name": "Pen", "quantity": 2, "unit_price": 1200}]}')
log "created: $order"
id=$(sed -E 's/^\{"id":([0-9]+).*/\1/' <<<"$order")
[[ $order == *'"status":"paid"'* ]] || die "the order is not paid"
[[ $("${CURL[@]}" "$HTTP/api/v1/orders/$id") == *'"total_amount":2400'* ]] || die "the order does not read back"
upload=$("${CURL[@]}" -X POST "$HTTP/api/v1/order-imports?file_name=orders-example.csv" \
  -H 'Content-Type: text/csv' --data-binary @docs/orders-example.csv)
import_id=$(sed -E 's/^\{"id":([0-9]+).*/\1/' <<<"$upload")
until [[ $("${CURL[@]}" "$HTTP/api/v1/order-imports/$import_id") == *'"status":"completed'* ]]; do
  need_time 30 "the import"
  sleep 0.5
done
done_import=$("${CURL[@]}" "$HTTP/api/v1/order-imports/$import_id")
log "import: $done_import"
[[ $done_import == *'"orders_created":2,"orders_paid":2'* && $done_import == *'"orders_rejected":1'* ]] \
  || die "the import did not end as on Payara Micro (2 created and paid, 1 rejected)"
count=$("${CURL[@]}" -D - -o /dev/null "$HTTP/api/v1/orders/?import_id=$import_id" | tr -d '\r' | sed -n 's/^X-Total-Count: //Ip')
[[ $count == 2 ]] || die "the import's orders do not read back (X-Total-Count $count)"

# A deployed application must come back with its domain (an administrator restarts servers).
log "restarting the domain with the WAR deployed"
t0=$(date +%s)
"$ASADMIN" "${ASADMIN_PORT[@]}" restart-domain orders >>"$OUT/asadmin.log" 2>&1 || die "restart-domain failed"
# Ready means 200 with the WAR's own check in it (an admin console alone also answers 200).
until ready=$("${CURL[@]}" -w '%{http_code}' "$HTTP/health/ready" 2>/dev/null) \
  && [[ $ready == *database*200 ]]; do
  need_time 30 "readiness after the restart"
  sleep 1
done
log "ready again $(($(date +%s) - t0)) s after the restart"
[[ $("${CURL[@]}" "$HTTP/api/v1/orders/$id") == *'"status":"paid"'* ]] || die "order $id does not read back after the restart"
again=$("${CURL[@]}" -X POST "$HTTP/api/v1/orders/" -H 'Content-Type: application/json' -d \
  '{"customer_email": "smoke-again@example.com", "customer_name": "Smoke", "items": [{"product_name": "Pen", "quantity": 1, "unit_price": 1200}]}')
[[ $again == *'"status":"paid"'* ]] || die "no paid order after the restart: $again"
log "PASS: Payara Server $PAYARA_VERSION ran the WAR (order $id paid, import $import_id: 2 orders; after a domain restart the order reads back and a new one is paid)"
