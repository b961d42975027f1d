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
