# Helpers the scripts under bench/ share; sourced after they cd to the project root. Each script
# defines its own log() (its own prefix); elapsed/remaining/need_time use its START, DEADLINE and
# TIME_LIMIT_S.

die() {
  log "FAILED: $*"
  exit 1
}

elapsed() { echo $(($(date +%s) - START)); }
remaining() { echo $((DEADLINE - $(date +%s))); }
need_time() { (($(remaining) > $1)) || die "out of time before: $2 (limit ${TIME_LIMIT_S}s)"; }

# True once process $1 is gone; waits at most $2 seconds.
wait_pid_gone() {
  local pid=$1 limit=$2 i
  for ((i = 0; i < limit * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  ! kill -0 "$pid" 2>/dev/null
}

# True once process group $1 is empty; waits at most $2 seconds.
wait_group_gone() {
  local pgid=$1 limit=$2 i
  for ((i = 0; i < limit * 5; i++)); do
    pgrep -g "$pgid" >/dev/null || return 0
    sleep 0.2
  done
  ! pgrep -g "$pgid" >/dev/null
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The run command's local bearer tokens, read from the output ($1) of its services-only mode:
# exports the MP_JWT_VERIFY_* variables that make a service started by hand trust the local key,
# sets OPERATOR_TOKEN (and exports it as BENCH_TOKEN for the Java clients), and makes every
# "${CURL[@]}" call send it (WireMock ignores the header).
read_dev_tokens() {
  local out=$1 file
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=$(sed -n 's/^ *MP_JWT_VERIFY_PUBLICKEY_LOCATION=\([^ ]*\).*/\1/p' "$out" | tail -n1)
  MP_JWT_VERIFY_ISSUER=$(sed -n 's/^ *MP_JWT_VERIFY_ISSUER=\([^ ]*\).*/\1/p' "$out" | tail -n1)
  file=$(sed -n 's/^ *OPERATOR_TOKEN_FILE=\([^ ]*\).*/\1/p' "$out" | tail -n1)
  [[ -n $MP_JWT_VERIFY_PUBLICKEY_LOCATION && -n $MP_JWT_VERIFY_ISSUER && -s $file ]] \
    || die "the dev services printed no local token key; see $out"
  export MP_JWT_VERIFY_PUBLICKEY_LOCATION MP_JWT_VERIFY_ISSUER
  OPERATOR_TOKEN=$(<"$file")
  export BENCH_TOKEN=$OPERATOR_TOKEN
  CURL+=(-H "Authorization: Bearer $OPERATOR_TOKEN")
}

# CPU seconds the JIT compiler threads of JVM $1 have used so far (utime+stime of its "C1/C2
# CompilerThread" threads from /proc; jstat's compile time is wall time, which a saturated host
# stretches). "Warm" in these benchmarks means the JIT has settled: on this 2-core host Payara
# Micro's C2 compiler was still busy after 15,000 created orders (20-46 % of the server's CPU in
# profiles), because a busy C2 queue raises the thresholds and hot code waits in its slow tier.
jit_seconds() {
  local d comm t sum=0
  for d in /proc/"$1"/task/*; do
    read -r comm 2>/dev/null <"$d/comm" || continue
    [[ $comm == C[12]\ CompilerThre* ]] || continue
    t=$(sed 's/^.*) //' "$d/stat" 2>/dev/null | awk '{print $12+$13}') || true
    sum=$((sum + ${t:-0}))
  done
  awk -v t="$sum" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}'
}

# True when JVM $1's JIT used at most $3 CPU seconds since jit_seconds gave $2.
jit_settled() { awk -v a="$2" -v b="$(jit_seconds "$1")" -v lim="$3" 'BEGIN {exit !(b - a <= lim)}'; }
