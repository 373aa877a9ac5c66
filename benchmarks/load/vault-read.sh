#!/usr/bin/env bash
# Load test of the hottest route: GET /v1/customers/{c}/vault/records/{id}?purpose=... — a vault
# read with its decision and its durable processing record (group commit), over HTTP on loopback,
# on the embedded PostgreSQL of `mandate start-dev`.
#
# Targets (product issue): >= 20,000 req/s; p99 <= 10 ms at 70 % of that load.
#
# What it does, self-contained and bounded in time:
#   1. starts `mandate start-dev` on a fresh temp data dir and a free loopback port (logs to a file);
#   2. sets up customer, agreement v1 (offered, accepted by the DPO) and a processor-service key
#      from examples/ with curl, as in the README, and creates RECORDS vault records;
#   3. writes a wrk Lua script rotating over the record ids (?purpose=dpv:PersonnelPayment, Bearer);
#   4. a 60 s wrk warm-up (C2 keeps compiling for about a minute on 2 cores), then
#      `wrk -t2 -c64 -d20s --latency` for the maximum throughput (closed loop);
#   5. an open-loop fixed-rate run at LOAD_FRACTION (70 %) of that throughput with FixedRateLoad
#      (benchmarks/src/main/java/dev/mandate/benchmarks/load/, compiled here with javac), latency
#      measured from the scheduled send time (no coordinated omission) -- wrk 4.1 has no rate
#      limit; RATE_SWEEP adds open-loop runs at other rates;
#   6. optionally (EXPERIMENTS=1) the same wrk load on a 404 behind the key check (no database),
#      GET /health (one database round trip) and POST /v1/decisions (decision + durable record,
#      no vault), then the vault read again; after the checks, pgbench on the same PostgreSQL
#      (the customer lookup in a transaction and in autocommit; the processing-log writer's batch
#      insert into a scratch table) -- to see where the time goes;
#   7. checks that every response was 200 (wrk "Non-2xx", socket errors, the generator's counts,
#      the server's own /metrics) and that the processing records grew by exactly the number of
#      reads the server answered (counted through GET .../processing-records with a DPO key, and
#      cross-checked in PostgreSQL when psql is installed);
#   8. stops the server (trap on EXIT), prints a summary and leaves all raw output in $OUT.
#
# Per phase it also records the CPU split between the server JVM (and its thread groups),
# PostgreSQL (by process kind), the load client and everything else on the machine (from /proc),
# CPU per request, context switches, the load average, and the WAL fsyncs per vault read
# (group-commit batch size, from pg_stat_io). See docs/performance.md for how to read it.
#
# Usage:  benchmarks/load/vault-read.sh            (from anywhere; needs app/target/mandate.jar)
# Knobs (environment):
#   RECORDS=1000 THREADS=2 CONNECTIONS=64 WARMUP=60 DURATION=20 LOAD_FRACTION=0.70
#   FIXED_RATE=<req/s, overrides LOAD_FRACTION> FIXED_DURATION=30 FIXED_WARMUP=5 FIXED_CONNECTIONS=64
#   EXPERIMENTS=0|1 EXPERIMENT_SECONDS=10   HTTP_PORT=<port>   SERVER_JAVA_OPTS="..."
#   RATE_SWEEP="250 500 1000" SWEEP_DURATION=20 (more open-loop runs at these rates, after the main one)
#   OUT=<results dir>  KEEP=0|1 (keep the temp data dir)  MAX_SECONDS=1200 (watchdog)
#   STRICT=0|1 (exit 2 when a target is missed; correctness failures always exit 1)
#   PROFILE=0|1 (JFR on the server during the max run: $OUT/max.jfr and $OUT/max.profile.txt)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
JAVAC="$JAVA_HOME/bin/javac"
JAR="$ROOT/app/target/mandate.jar"
GENERATOR_SRC="$ROOT/benchmarks/src/main/java/dev/mandate/benchmarks/load/FixedRateLoad.java"

RECORDS=${RECORDS:-1000}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-60}
DURATION=${DURATION:-20}
LOAD_FRACTION=${LOAD_FRACTION:-0.70}
FIXED_RATE=${FIXED_RATE:-}
FIXED_DURATION=${FIXED_DURATION:-30}
FIXED_WARMUP=${FIXED_WARMUP:-5}
FIXED_CONNECTIONS=${FIXED_CONNECTIONS:-64}
EXPERIMENTS=${EXPERIMENTS:-0}
EXPERIMENT_SECONDS=${EXPERIMENT_SECONDS:-10}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
KEEP=${KEEP:-0}
MAX_SECONDS=${MAX_SECONDS:-1200}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-300}
STRICT=${STRICT:-0}
PROFILE=${PROFILE:-0}
STATS_WAIT=${STATS_WAIT:-11}
RATE_SWEEP=${RATE_SWEEP:-}
SWEEP_DURATION=${SWEEP_DURATION:-20}
TARGET_RPS=20000
TARGET_P99_MS=10
PURPOSE=dpv:PersonnelPayment
CUSTOMER=acme
VAULT_ROUTE='/v1/customers/{customerId}/vault/records/{recordId}'
HZ=$(getconf CLK_TCK)
NCPU=$(nproc)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for tool in wrk curl jq awk; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[ -x "$JAVA" ] || die "no JDK at JAVA_HOME=$JAVA_HOME"
[ -f "$JAR" ] || die "$JAR is missing: cd $ROOT && ./mvnw -B -q -o install -DskipTests"
[ -f "$GENERATOR_SRC" ] || die "$GENERATOR_SRC is missing"

WORK=$(mktemp -d /tmp/mandate-load.XXXXXX)
OUT=${OUT:-/tmp/mandate-vault-read-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
DATA="$WORK/data"
SERVER_LOG="$OUT/server.log"
SERVER_PID=
SAMPLER_PID=
WATCHDOG_PID=

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  if [ -n "$WATCHDOG_PID" ]; then
    for p in $(ps -o pid= --ppid "$WATCHDOG_PID" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
    kill "$WATCHDOG_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping the server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server did not stop in 30 s; kill -9 $SERVER_PID"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  # Only after a kill -9 can the embedded PostgreSQL of OUR data dir outlive the JVM: stop it by pid.
  if [ -f "$DATA/postgres/postmaster.pid" ]; then
    local pm
    pm=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)
    if [ -n "$pm" ] && kill -0 "$pm" 2>/dev/null && tr '\0' ' ' <"/proc/$pm/cmdline" | grep -qF "$DATA/postgres"; then
      log "stopping the embedded PostgreSQL left behind (pid $pm)"
      kill -INT "$pm" 2>/dev/null || true
      sleep 3
    fi
  fi
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  log "results in $OUT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# The watchdog holds no pipe of ours open, and cleanup ends its sleep by pid.
( exec >/dev/null 2>&1 </dev/null; sleep "$MAX_SECONDS" & wait $!; kill -TERM $$ ) &
WATCHDOG_PID=$!

free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port found"
}

# ------------------------------------------------------------------------------------------------
# Machine and build facts

{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(uname -srm); nproc=$NCPU; $(grep -m1 'model name' /proc/cpuinfo | sed 's/\s\+/ /g')"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "jdk: $("$JAVA" -version 2>&1 | tr '\n' ' ')"
  echo "wrk: $(wrk --version 2>&1 | head -1)"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') (working tree may have local changes)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: RECORDS=$RECORDS THREADS=$THREADS CONNECTIONS=$CONNECTIONS WARMUP=$WARMUP DURATION=$DURATION LOAD_FRACTION=$LOAD_FRACTION FIXED_DURATION=$FIXED_DURATION FIXED_CONNECTIONS=$FIXED_CONNECTIONS SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS'"
} | tee "$OUT/machine.txt" >&2

log "compiling the fixed-rate load generator"
mkdir -p "$WORK/classes"
"$JAVAC" -d "$WORK/classes" --release 25 "$GENERATOR_SRC"

# ------------------------------------------------------------------------------------------------
# Server

HTTP_PORT=${HTTP_PORT:-$(free_port)}
U="http://127.0.0.1:$HTTP_PORT"
log "starting mandate start-dev on $U (data $DATA, log $SERVER_LOG)"
# shellcheck disable=SC2086
"$JAVA" $SERVER_JAVA_OPTS -jar "$JAR" start-dev --data-dir "$DATA" --http-port "$HTTP_PORT" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
started=$SECONDS
until grep -q 'Press Ctrl-C to stop' "$SERVER_LOG" 2>/dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$SERVER_LOG" >&2; die "the server exited during start"; }
  [ $((SECONDS - started)) -lt "$STARTUP_TIMEOUT" ] || die "the server did not start within $STARTUP_TIMEOUT s"
  sleep 0.5
done
curl -sf --max-time 10 "$U/health" >/dev/null || die "/health is not UP"
ADMIN=$(grep -o 'key_[a-z0-9]*\.[A-Za-z0-9_-]*' "$SERVER_LOG" | head -1)
[ -n "$ADMIN" ] || die "no processor-admin key in the server log"
log "server up after $((SECONDS - started)) s"

PM_PID=$(head -1 "$DATA/postgres/postmaster.pid")
PSQL=
if command -v psql >/dev/null && [ -f "$DATA/runtime.properties" ]; then
  PG_URL=$(sed -n 's/^url=//p' "$DATA/runtime.properties" | tr -d '\\')
  PG_PORT=$(sed -E 's#.*:([0-9]+)/.*#\1#' <<<"$PG_URL")
  PG_USER=$(sed -n 's/^user=//p' "$DATA/runtime.properties")
  PG_PASSWORD=$(sed -n 's/^password=//p' "$DATA/runtime.properties")
  PSQL=1
fi
sql() { PGPASSWORD="$PG_PASSWORD" psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d mandate -Atc "$1"; }

# ------------------------------------------------------------------------------------------------
# Setup through the API, as in the README

j() { curl -s --max-time 30 -H "Authorization: Bearer $1" -H 'Content-Type: application/json' "${@:2}"; }
expect_field() { # json field expected
  local v
  v=$(jq -r ".$2 // empty" <<<"$1")
  [ "$v" = "$3" ] || die "expected $2=$3, got: $(head -c 400 <<<"$1")"
}

log "setting up customer, agreement and keys"
cd "$ROOT"
expect_field "$(j "$ADMIN" -X POST "$U/v1/customers" -d @examples/customer.json)" id "$CUSTOMER"
expect_field "$(j "$ADMIN" -X POST "$U/v1/customers/$CUSTOMER/agreement/versions" -d @examples/agreement-v1.json)" state DRAFT
expect_field "$(j "$ADMIN" -X POST "$U/v1/customers/$CUSTOMER/agreement/versions/1/offer")" state OFFERED
DPO=$(j "$ADMIN" -X POST "$U/v1/api-keys" \
  -d "{\"label\":\"Acme DPO\",\"role\":\"customer-dpo\",\"customers\":[\"$CUSTOMER\"],\"purposes\":[]}" | jq -r .secret)
[ -n "$DPO" ] && [ "$DPO" != null ] || die "no DPO key"
expect_field "$(j "$DPO" -X POST "$U/v1/customers/$CUSTOMER/agreement/versions/1/accept")" state ACCEPTED
SVC=$(j "$ADMIN" -X POST "$U/v1/api-keys" -d "{\"label\":\"payroll app\",\"role\":\"processor-service\",
  \"customers\":[\"$CUSTOMER\"],\"purposes\":[\"$PURPOSE\",\"dpv:CommunicationManagement\"]}" | jq -r .secret)
[ -n "$SVC" ] && [ "$SVC" != null ] || die "no processor-service key"

log "creating $RECORDS vault records"
mkdir -p "$WORK/bodies"
CURL_CFG="$WORK/create.curl"
: >"$CURL_CFG"
jq -c --argjson n "$RECORDS" '. as $r | range(1; $n + 1) as $k
    | $r | .subjectId = "emp-\($k)" | .fields.email.value = "employee.\($k)@acme.example"' examples/vault-record.json \
  | awk -v dir="$WORK/bodies" '{ f = dir "/" NR ".json"; print > f; close(f) }'
for k in $(seq 1 "$RECORDS"); do
  [ "$k" -gt 1 ] && echo next >>"$CURL_CFG"
  cat >>"$CURL_CFG" <<EOF
url = "$U/v1/customers/$CUSTOMER/vault/records"
silent
header = "Authorization: Bearer $SVC"
header = "Content-Type: application/json"
header = "Idempotency-Key: load-emp-$k"
data-binary = "@$WORK/bodies/$k.json"
write-out = "\n"
EOF
done
curl -s --max-time 600 --parallel --parallel-max 8 -K "$CURL_CFG" >"$WORK/created.jsonl" 2>"$WORK/created.err" \
  || die "creating records failed: $(head -c 400 "$WORK/created.err")"
jq -r 'select(.id != null and .decisions[0].effect == "PERMIT") | .id' "$WORK/created.jsonl" >"$WORK/ids.txt"
CREATED=$(wc -l <"$WORK/ids.txt")
[ "$CREATED" -eq "$RECORDS" ] || die "created $CREATED of $RECORDS records; see $WORK/created.jsonl"
sed "s#^#/v1/customers/$CUSTOMER/vault/records/#; s#\$#?purpose=$PURPOSE#" "$WORK/ids.txt" >"$WORK/paths.txt"

FIRST=$(head -1 "$WORK/paths.txt")
smoke=$(curl -s --max-time 10 -o "$WORK/smoke.json" -w '%{http_code}' -H "Authorization: Bearer $SVC" "$U$FIRST")
[ "$smoke" = 200 ] || die "smoke read answered $smoke: $(cat "$WORK/smoke.json")"
jq -e '.fields.iban.value == "DE89370400440532013000"' "$WORK/smoke.json" >/dev/null \
  || die "smoke read did not reveal the fields: $(head -c 400 "$WORK/smoke.json")"
log "records created; a read answers 200 with the decrypted fields ($(wc -c <"$WORK/smoke.json") bytes)"

# The wrk script: every request one vault read, rotating over the records; each thread starts
# at a different record. Requests are formatted once in init().
LUA="$OUT/vault-read.lua"
{
  echo "-- generated by benchmarks/load/vault-read.sh"
  echo "local token = \"$SVC\""
  echo "local paths = {"
  sed 's/.*/  "&",/' "$WORK/paths.txt"
  echo "}"
  cat <<'EOF'
local reqs, n, i = {}, 0, 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end
function init(args)
  for k, p in ipairs(paths) do
    reqs[k] = wrk.format("GET", p, { ["Host"] = wrk.headers["Host"], ["Authorization"] = "Bearer " .. token })
  end
  n = #reqs
  i = (offset or 0) % n
end
function request()
  i = i % n + 1
  return reqs[i]
end
EOF
} >"$LUA"
sed -i "s/^local token = .*/local token = os.getenv(\"MANDATE_TOKEN\")/" "$LUA"   # keep the secret out of the file
export MANDATE_TOKEN="$SVC"

# ------------------------------------------------------------------------------------------------
# Measurement helpers

metric_count() { # route status-regex -> sum of request counts
  curl -s --max-time 30 "$U/metrics" | awk -v route="route=\"$1\"" -v st="$2" '
    /^mandate_http_server_requests_seconds_count\{/ && index($0, route) {
      match($0, /status="[0-9]+"/); s = substr($0, RSTART + 8, 3)
      if (s ~ st) total += $NF
    } END { printf "%d\n", total }'
}
# CPU ticks (user+system) of the server JVM and of all PostgreSQL processes of our data dir.
ticks_of() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
sys_ticks_of() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
ctxt() { awk '/^ctxt/ {print $2}' /proc/stat; }
# shellcheck disable=SC2046  # the child pids are meant to split
pg_pids() { echo "$PM_PID" $(ps -o pid= --ppid "$PM_PID" 2>/dev/null); }
declare -A PG_T0
# The postmaster's own ticks include those of its children that have exited (cutime, cstime):
# short-lived backends (pgbench's) are counted too.
pm_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$PM_PID/stat" 2>/dev/null || echo 0; }
pg_snapshot() { PG_T0=(); local p; PG_T0[$PM_PID]=$(pm_ticks); for p in $(pg_pids); do [ "$p" = "$PM_PID" ] || PG_T0[$p]=$(ticks_of "$p"); done; }
pg_delta() {
  local t p now
  t=$(( $(pm_ticks) - ${PG_T0[$PM_PID]:-0} ))
  for p in $(pg_pids); do [ "$p" = "$PM_PID" ] && continue; now=$(ticks_of "$p"); t=$((t + now - ${PG_T0[$p]:-0})); done
  echo "$t"
}
# Per-thread CPU ticks of the server JVM: "tid<TAB>name<TAB>ticks" (name as in /proc: 15 chars).
server_threads() {
  awk '{ i = index($0, "("); j = match($0, /\) [A-Za-z] /); name = substr($0, i + 1, j - i - 1)
         split(substr($0, j + 2), f, " "); tid = FILENAME; sub(/\/stat$/, "", tid); sub(/.*\//, "", tid)
         printf "%s\t%s\t%d\n", tid, name, f[12] + f[13] }' /proc/"$SERVER_PID"/task/*/stat 2>/dev/null
}
# CPU of the server by thread group between two snapshots, in cores: "name cores" lines, biggest first.
thread_split() { # before after wall
  awk -F'\t' -v w="$3" -v hz="$HZ" 'NR == FNR { t0[$1] = $3; next }
    { n = $2; gsub(/[0-9]+/, "#", n); d[n] += $3 - ($1 in t0 ? t0[$1] : 0) }
    END { for (n in d) if (d[n] > 0) printf "%.3f\t%s\n", d[n] / hz / w, n }' "$1" "$2" | sort -rn
}
# PostgreSQL processes of our instance: "pid<TAB>kind<TAB>ticks" (kind: backend, walwriter, ...).
pg_procs() {
  local p kind
  for p in $(pg_pids); do
    [ -r "/proc/$p/cmdline" ] || continue
    kind=$(tr '\0' ' ' <"/proc/$p/cmdline" | awk '/^postgres: / { sub(/^postgres: /, ""); if ($0 ~ /\(/) print "backend"; else print $1 ($2 ~ /^(worker|launcher|writer)$/ ? " " $2 : ""); next } { print "postmaster" }')
    printf '%s\t%s\t%s\n' "$p" "$kind" "$(ticks_of "$p")"
  done
}
sys_busy() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
wal_fsyncs() { if [ -n "$PSQL" ]; then sql "select coalesce(sum(fsyncs),0) from pg_stat_io where object='wal'"; else echo 0; fi; }
pg_xacts() { if [ -n "$PSQL" ]; then sql "select xact_commit + xact_rollback from pg_stat_database where datname = 'mandate'"; else echo 0; fi; }

phase_begin() {
  PH_T0=$(date +%s.%N); PH_SRV0=$(ticks_of "$SERVER_PID"); PH_SRVSYS0=$(sys_ticks_of "$SERVER_PID"); PH_CTXT0=$(ctxt); pg_snapshot
  read -r PH_BUSY0 PH_ALL0 < <(sys_busy); PH_LOAD0=$(cut -d' ' -f1 /proc/loadavg); PH_FSYNC0=$(wal_fsyncs); PH_XACT0=$(pg_xacts)
  PH_REC0=$(metric_count "$VAULT_ROUTE" '^200$')
  server_threads >"$WORK/threads0.txt"; pg_procs >"$WORK/pg0.txt"
}
# phase_end label client-time-file(-o of /usr/bin/time: "user sys")
phase_end() {
  local label=$1 tfile=$2 t1 wall srv pg busy1 all1 cli other load1 fs1 reads
  t1=$(date +%s.%N); srv=$(( $(ticks_of "$SERVER_PID") - PH_SRV0 )); pg=$(pg_delta); server_threads >"$WORK/threads1.txt"; pg_procs >"$WORK/pg1.txt"
  local srvsys=$(( $(sys_ticks_of "$SERVER_PID") - PH_SRVSYS0 )) cs=$(( $(ctxt) - PH_CTXT0 )) reqs
  reqs=$(cat "$OUT/$label.wrk.txt" "$OUT/$label.txt" 2>/dev/null \
    | awk '/requests in/ {print $1} /^number of transactions actually processed:/ {print $6}' | tail -1 || true)
  read -r busy1 all1 < <(sys_busy); load1=$(cut -d' ' -f1 /proc/loadavg)
  # Backends flush their statistics (pg_stat_io, pg_stat_database) at most once a second while
  # busy and only after 10 s when idle: wait, so each phase is charged with its own fsyncs.
  [ -n "$PSQL" ] && sleep "$STATS_WAIT"
  fs1=$(wal_fsyncs); xa1=$(pg_xacts)
  reads=$(( $(metric_count "$VAULT_ROUTE" '^200$') - PH_REC0 ))
  wall=$(awk -v a="$PH_T0" -v b="$t1" 'BEGIN {print b - a}')
  cli=$(awk '{printf "%d", ($1 + $2) * '"$HZ"'}' "$tfile" 2>/dev/null || echo 0)
  other=$(( busy1 - PH_BUSY0 - srv - pg - cli )); [ "$other" -lt 0 ] && other=0
  awk -v l="$label" -v w="$wall" -v hz="$HZ" -v s="$srv" -v p="$pg" -v c="$cli" -v o="$other" -v idle="$((all1 - PH_ALL0 - busy1 + PH_BUSY0))" \
      -v l0="$PH_LOAD0" -v l1="$load1" -v f="$((fs1 - PH_FSYNC0))" -v x="$((xa1 - PH_XACT0))" -v r="$reads" -v ss="$srvsys" -v cs="$cs" -v q="${reqs:-0}" -v n="$NCPU" 'BEGIN {
    printf "cpu %-22s wall %5.1fs | cores used: server-jvm %.2f  postgres %.2f  client %.2f  other %.2f  idle %.2f (of %d) | load %s->%s | vault reads %d, WAL fsyncs %d (%.1f reads/fsync), PG transactions %d\n",
      l, w, s/hz/w, p/hz/w, c/hz/w, o/hz/w, idle/hz/w, n, l0, l1, r, f, (f > 0 ? r / f : 0), x
    if (r > 0) q = r   # vault phases: the reads the server answered (includes the generator warm-up)
    if (q > 0) printf "    per request (%d requests): server-jvm %.0f us CPU (%.0f%% in the kernel), postgres %.0f us CPU, context switches %.1f (machine-wide)\n",
      q, 1e6 * s / hz / q, (s > 0 ? 100 * ss / s : 0), 1e6 * p / hz / q, cs / q
  }' | tee -a "$OUT/cpu.txt" >&2
  thread_split "$WORK/threads0.txt" "$WORK/threads1.txt" "$wall" >"$OUT/$label.threads.txt"
  { printf '    server threads (cores):'; head -6 "$OUT/$label.threads.txt" | awk -F'\t' '{printf "  %s %s", $2, $1}'; echo; } \
    | tee -a "$OUT/cpu.txt" >&2
  thread_split "$WORK/pg0.txt" "$WORK/pg1.txt" "$wall" >"$OUT/$label.postgres.txt"
  { printf '    postgres processes (cores, live ones only):'; head -6 "$OUT/$label.postgres.txt" | awk -F'\t' '{printf "  %s %s", $2, $1}'; echo; } \
    | tee -a "$OUT/cpu.txt" >&2
}

run_wrk() { # label seconds lua url [extra wrk args...]
  local label=$1 secs=$2 lua=$3 url=$4; shift 4
  phase_begin
  /usr/bin/time -f '%U %S' -o "$OUT/$label.time" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s --latency ${lua:+-s "$lua"} "$@" "$url" >"$OUT/$label.wrk.txt" 2>&1 || true
  phase_end "$label" "$OUT/$label.time"
}
wrk_rps() { awk '/^Requests\/sec:/ {printf "%d", $2}' "$1"; }
wrk_requests() { awk '/requests in/ {print $1}' "$1"; }
wrk_pct() { # file percentile -> ms
  awk -v p="$2%" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.3f", v * f }' "$1"
}
wrk_bad() { # non-2xx responses + socket errors
  awk '/Non-2xx or 3xx responses:/ {b += $NF} /Socket errors:/ {gsub(/,/, ""); b += $4 + $6 + $8 + $10} END {printf "%d", b}' "$1"
}

# CPU samples of the server (JFR, settings=profile): the hottest methods by own time, and the
# share of samples in which a frame of Mandate, Helidon, pgjdbc/HikariCP, Jackson, the JDK's
# crypto or micrometer appears (inclusive), plus the top Mandate frames by inclusive samples.
jfr_summary() {
  local f=$1
  "$JAVA_HOME/bin/jfr" view --width 180 hot-methods "$f"
  "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 96 "$f" | awk '
    /jdk.ExecutionSample/ { if (n) flush(); n = 1; delete seen; delete seenm; next }
    /line:/ { fr = $1; sub(/\(.*/, "", fr)
      if (!(fr in seenm)) { seenm[fr] = 1; if (fr ~ /^dev\.mandate\./) incl[fr]++ }
      g = "other"
      if (fr ~ /^dev\.mandate\.storage/) g = "mandate storage-jdbc"
      else if (fr ~ /^dev\.mandate\.crypto/) g = "mandate crypto"
      else if (fr ~ /^dev\.mandate\.web/) g = "mandate web"
      else if (fr ~ /^dev\.mandate\.core/) g = "mandate core"
      else if (fr ~ /^io\.helidon/) g = "helidon"
      else if (fr ~ /^(org\.postgresql|com\.zaxxer)/) g = "pgjdbc+hikari"
      else if (fr ~ /^com\.fasterxml/) g = "jackson"
      else if (fr ~ /^(com\.sun\.crypto|javax\.crypto|sun\.security)/) g = "jdk crypto"
      else if (fr ~ /^io\.micrometer/) g = "micrometer"
      else if (fr ~ /^(java\.util\.logging|org\.slf4j)/) g = "logging"
      if (g != "other" && !(g in seen)) { seen[g] = 1; grp[g]++ }
      next }
    function flush() { total++ }
    END { if (n) flush()
      printf "0\t0\t%d execution samples; share of samples with a frame of (inclusive, groups overlap):\n", total
      for (g in grp) printf "1\t%d\t  %5.1f%%  %s\n", grp[g], 100 * grp[g] / total, g
      printf "2\t0\ttop Mandate methods by inclusive samples:\n"
      for (m in incl) printf "3\t%d\t  %5.1f%%  %s\n", incl[m], 100 * incl[m] / total, m
    }' | sort -t$'\t' -k1,1n -k2,2nr | awk -F'\t' '$1 != 3 || ++k <= 40 {print $3}'
}

page_count() { # from-index -> "vault_read_permit decision other next_index gaps pages"
  local from=$1 vr=0 dec=0 oth=0 gaps=0 pages=0 page stats
  while :; do
    page=$(curl -s --max-time 60 -H "Authorization: Bearer $DPO" \
      "$U/v1/customers/$CUSTOMER/processing-records?from=$from&limit=1000")
    stats=$(jq -r '[([.items[] | select(.type == "VAULT_READ" and .effect == "PERMIT")] | length),
        ([.items[] | select(.type == "DECISION")] | length), (.items | length),
        (if (.items | length) > 0 then .items[-1].index + 1 else -1 end),
        (if (.items | length) > 0 then (.items[-1].index - .items[0].index + 1 - (.items | length)) else 0 end),
        (.next // -1)] | @tsv' <<<"$page") || die "processing-records page from $from: $(head -c 300 <<<"$page")"
    read -r v d n last g next <<<"$stats"
    pages=$((pages + 1)); vr=$((vr + v)); dec=$((dec + d)); oth=$((oth + n - v - d)); gaps=$((gaps + g))
    [ "$last" -ge 0 ] && from=$last
    [ "$next" -ge 0 ] || break
  done
  echo "$vr $dec $oth $from $gaps $pages"
}

# ------------------------------------------------------------------------------------------------
# Baseline: where the processing records stand before the load

read -r _ _ _ SEQ0 _ _ < <(page_count 0)
[ -n "$SEQ0" ] || die "could not read the processing records with the DPO key"
READS0=$(metric_count "$VAULT_ROUTE" '^200$')
log "processing records before the load: entries 0 to $((SEQ0 - 1)) of the customer's log; vault reads answered so far: $READS0"
CLIENT_READS=0          # vault reads the clients saw complete
CLIENT_SLACK=0          # reads wrk may have left in flight when it stopped (at most one per connection)
BAD=0

# ------------------------------------------------------------------------------------------------
# 1. Warm-up and maximum throughput (closed loop, wrk)

log "warm-up: wrk -t$THREADS -c$CONNECTIONS -d${WARMUP}s"
run_wrk warmup "$WARMUP" "$LUA" "$U/"
CLIENT_READS=$((CLIENT_READS + $(wrk_requests "$OUT/warmup.wrk.txt"))); CLIENT_SLACK=$((CLIENT_SLACK + CONNECTIONS))
BAD=$((BAD + $(wrk_bad "$OUT/warmup.wrk.txt")))

log "maximum throughput: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency"
( while :; do curl -s --max-time 5 "$U/metrics" | awk '/^mandate_processing_log_queue_depth/ {print $2}'; sleep 1; done ) \
  >"$OUT/queue-depth.txt" 2>/dev/null &
SAMPLER_PID=$!
if [ "$PROFILE" = 1 ]; then
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.start name=max settings=profile filename="$OUT/max.jfr" >/dev/null
fi
run_wrk max "$DURATION" "$LUA" "$U/"
kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
if [ "$PROFILE" = 1 ]; then
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.stop name=max >/dev/null
  jfr_summary "$OUT/max.jfr" >"$OUT/max.profile.txt" 2>&1 || true
  log "JFR profile of the max run: $OUT/max.jfr, summary $OUT/max.profile.txt"
fi
cat "$OUT/max.wrk.txt" >&2
MAX_RPS=$(wrk_rps "$OUT/max.wrk.txt")
[ -n "$MAX_RPS" ] && [ "$MAX_RPS" -gt 0 ] || die "wrk measured no throughput; see $OUT/max.wrk.txt"
CLIENT_READS=$((CLIENT_READS + $(wrk_requests "$OUT/max.wrk.txt"))); CLIENT_SLACK=$((CLIENT_SLACK + CONNECTIONS))
BAD=$((BAD + $(wrk_bad "$OUT/max.wrk.txt")))
QDEPTH=$(sort -g "$OUT/queue-depth.txt" | awk '{a[NR] = $1} END {if (NR) printf "median %s, max %s (%d samples)", a[int((NR + 1) / 2)], a[NR], NR}')

# ------------------------------------------------------------------------------------------------
# 2. Fixed rate (open loop) at LOAD_FRACTION of the measured maximum

RATE=${FIXED_RATE:-$(awk -v r="$MAX_RPS" -v f="$LOAD_FRACTION" 'BEGIN {printf "%d", r * f}')}
# run_fixed label rate duration warm-up: one open-loop run; counts its reads and failures.
run_fixed() {
  local label=$1 rate=$2 secs=$3 warm=$4 warm_done warm_bad
  log "fixed rate ($label): $rate req/s for ${secs}s (+${warm}s warm-up), $FIXED_CONNECTIONS connections, open loop"
  phase_begin
  /usr/bin/time -f '%U %S' -o "$OUT/$label.time" \
    "$JAVA" -XX:+UseSerialGC -Xmx512m -cp "$WORK/classes" dev.mandate.benchmarks.load.FixedRateLoad \
      --url "$U" --paths "$WORK/paths.txt" --header "Authorization: Bearer $SVC" --rate "$rate" \
      --duration "$secs" --warmup "$warm" --connections "$FIXED_CONNECTIONS" --threads platform >"$OUT/$label.txt" 2>&1 \
    || { cat "$OUT/$label.txt" >&2; die "the load generator failed"; }
  phase_end "$label" "$OUT/$label.time"
  cat "$OUT/$label.txt" >&2
  RESULT=$(grep '^RESULT' "$OUT/$label.txt")
  warm_done=$(awk '/^warm-up:/ {print $2}' "$OUT/$label.txt")
  warm_bad=$(awk '/^warm-up:/ {print $7 + $9}' "$OUT/$label.txt")   # "N non-200, M I/O errors"
  CLIENT_READS=$((CLIENT_READS + ${warm_done:-0} + $(kv completed)))
  BAD=$((BAD + ${warm_bad:-0} + $(kv non200) + $(kv errors)))
}
kv() { sed -E "s/.*[ ]$1=([^ ]+).*/\1/" <<<"$RESULT"; }
run_fixed fixed "$RATE" "$FIXED_DURATION" "$FIXED_WARMUP"
FIXED_P50=$(kv p50_ms); FIXED_P90=$(kv p90_ms); FIXED_P99=$(kv p99_ms); FIXED_P999=$(kv p999_ms)
FIXED_ACHIEVED=$(kv achieved); FIXED_LAG=$(kv lag_p99_ms)
SWEEP_TABLE=
for r in $RATE_SWEEP; do
  run_fixed "sweep-$r" "$r" "$SWEEP_DURATION" 3
  SWEEP_TABLE+=$(printf '  %6s req/s: achieved %s, p50 %s ms, p90 %s ms, p99 %s ms, p99.9 %s ms, max %s ms (send lag p99 %s ms)' \
    "$r" "$(kv achieved)" "$(kv p50_ms)" "$(kv p90_ms)" "$(kv p99_ms)" "$(kv p999_ms)" "$(kv max_ms)" "$(kv lag_p99_ms)")$'\n'
done

# ------------------------------------------------------------------------------------------------
# 3. Optional: the same closed-loop load on cheaper routes, to see where the time goes

if [ "$EXPERIMENTS" = 1 ]; then
  cat >"$OUT/decision.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MANDATE_TOKEN")
wrk.body = [[$(jq -c . examples/decision.json)]]
EOF
  log "experiment: GET /health (HTTP + a pool connection validity check)"
  run_wrk exp-health "$EXPERIMENT_SECONDS" "" "$U/health"
  cat >"$OUT/floor.lua" <<'EOF'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MANDATE_TOKEN")
EOF
  log "experiment: GET /v1/vocabulary/none (HTTP + key check, a small 404 problem; no database)"
  run_wrk exp-floor "$EXPERIMENT_SECONDS" "$OUT/floor.lua" "$U/v1/vocabulary/none"
  log "experiment: POST /v1/decisions (auth + decision + durable record, no vault)"
  DEC0=$(metric_count /v1/decisions '^200$')
  run_wrk exp-decisions "$EXPERIMENT_SECONDS" "$OUT/decision.lua" "$U/v1/decisions"
  BAD=$((BAD + $(wrk_bad "$OUT/exp-decisions.wrk.txt")))
  log "experiment: vault read again (same settings, right after)"
  run_wrk exp-vault "$EXPERIMENT_SECONDS" "$LUA" "$U/"
  CLIENT_READS=$((CLIENT_READS + $(wrk_requests "$OUT/exp-vault.wrk.txt"))); CLIENT_SLACK=$((CLIENT_SLACK + CONNECTIONS))
  BAD=$((BAD + $(wrk_bad "$OUT/exp-vault.wrk.txt")))
  DECISIONS_ANSWERED=$(( $(metric_count /v1/decisions '^200$') - DEC0 ))
fi

# ------------------------------------------------------------------------------------------------
# 4. Every read answered 200, and every read answered was recorded

sleep 1
SERVER_READS_200=$(metric_count "$VAULT_ROUTE" '^200$')
SERVER_READS_OTHER=$(metric_count "$VAULT_ROUTE" '^([013-9][0-9][0-9]|2[1-9][0-9]|20[1-9])$')
SERVER_READS=$((SERVER_READS_200 - READS0))
log "counting processing records from index $SEQ0 on through the API (DPO key, pages of 1000)"
t0=$SECONDS
read -r REC_READS REC_DECISIONS REC_OTHER SEQ1 REC_GAPS PAGES < <(page_count "$SEQ0")
[ -n "$PAGES" ] || die "could not count the processing records with the DPO key"
log "counted in $((SECONDS - t0)) s over $PAGES pages"
PG_CHECK="psql not installed"
if [ -n "$PSQL" ]; then
  PG_READS=$(sql "select count(*) from log_entries where customer_id = '$CUSTOMER' and idx >= $SEQ0 and type = 'VAULT_READ' and effect = 'PERMIT'")
  PG_CHECK="PostgreSQL counts $PG_READS VAULT_READ/PERMIT log entries from index $SEQ0 on"
fi

# ------------------------------------------------------------------------------------------------
# 5. Optional: PostgreSQL alone (pgbench is the client), after the checks so nothing here is counted

if [ "$EXPERIMENTS" = 1 ] && [ -n "$PSQL" ] && command -v pgbench >/dev/null; then
  pgb() { # label clients script
    log "experiment: pgbench $1 (-c $2)"
    phase_begin
    PGPASSWORD="$PG_PASSWORD" /usr/bin/time -f '%U %S' -o "$OUT/$1.time" \
      pgbench -n -M prepared -c "$2" -j "$(( $2 < 2 ? 1 : 2 ))" -T "$EXPERIMENT_SECONDS" -f "$3" \
        -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" mandate >"$OUT/$1.txt" 2>&1 || true
    sleep 1   # let pgbench's backends exit, so the postmaster has collected their CPU time
    phase_end "$1" "$OUT/$1.time"
  }
  # The customer lookup every vault read makes, as Sql.transaction sends it (BEGIN; SELECT; COMMIT)
  # and as one autocommit statement.
  printf "BEGIN;\nSELECT * FROM customers WHERE id = '%s';\nCOMMIT;\n" "$CUSTOMER" >"$WORK/pg-tx.sql"
  printf "SELECT * FROM customers WHERE id = '%s';\n" "$CUSTOMER" >"$WORK/pg-auto.sql"
  pgb exp-pg-select-tx 16 "$WORK/pg-tx.sql"
  pgb exp-pg-select-auto 16 "$WORK/pg-auto.sql"
  # The processing-log writer alone is measured by benchmarks/log (LogAppendLoad).
fi

FAIL=0
check() { if eval "$2"; then echo "PASS  $1"; else echo "FAIL  $1"; FAIL=1; fi; }
{
  echo
  echo "== checks =="
  check "no non-200 answer and no socket/I/O error on any client ($BAD bad)" '[ "$BAD" -eq 0 ]'
  check "the server answered no vault read with a status other than 200 ($SERVER_READS_OTHER)" '[ "$SERVER_READS_OTHER" -eq 0 ]'
  check "VAULT_READ records after the load = vault reads the server answered 200 ($REC_READS = $SERVER_READS)" \
    '[ "$REC_READS" -eq "$SERVER_READS" ]'
  check "reads the clients saw complete <= server count <= that + in flight ($CLIENT_READS <= $SERVER_READS <= $((CLIENT_READS + CLIENT_SLACK)))" \
    '[ "$CLIENT_READS" -le "$SERVER_READS" ] && [ "$SERVER_READS" -le $((CLIENT_READS + CLIENT_SLACK)) ]'
  if [ -n "$PSQL" ]; then check "$PG_CHECK (API said $REC_READS)" '[ "$PG_READS" -eq "$REC_READS" ]'; fi
  if [ "$EXPERIMENTS" = 1 ]; then
    check "DECISION records = decisions answered 200 ($REC_DECISIONS = $DECISIONS_ANSWERED)" '[ "$REC_DECISIONS" -eq "$DECISIONS_ANSWERED" ]'
  fi
  echo "      (other record types after the baseline: $REC_OTHER; index gaps: $REC_GAPS; next index $SEQ1)"
  echo
  echo "== results =="
  echo "machine: nproc=$NCPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $("$JAVA" -version 2>&1 | head -1)"
  echo "max throughput (wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s): $MAX_RPS req/s;" \
    "latency p50 $(wrk_pct "$OUT/max.wrk.txt" 50) ms, p90 $(wrk_pct "$OUT/max.wrk.txt" 90) ms, p99 $(wrk_pct "$OUT/max.wrk.txt" 99) ms" \
    "-> target >= $TARGET_RPS req/s: $([ "$MAX_RPS" -ge "$TARGET_RPS" ] && echo MET || echo MISSED)"
  echo "processing-log queue depth during the max run: $QDEPTH"
  echo "fixed rate $RATE req/s (open loop, ${FIXED_DURATION}s, $FIXED_CONNECTIONS conns): achieved $FIXED_ACHIEVED req/s;" \
    "p50 $FIXED_P50 ms, p90 $FIXED_P90 ms, p99 $FIXED_P99 ms, p99.9 $FIXED_P999 ms (client send lag p99 $FIXED_LAG ms)" \
    "-> p99 <= $TARGET_P99_MS ms at $RATE req/s: $(awk -v p="$FIXED_P99" -v t="$TARGET_P99_MS" 'BEGIN {print (p <= t) ? "MET" : "MISSED"}')"
  [ "$RATE" -lt $((TARGET_RPS * 7 / 10)) ] && echo "  note: $RATE req/s is 70 % of the measured maximum, below the 14,000 req/s that 70 % of the target would be"
  if [ -n "$SWEEP_TABLE" ]; then echo "open-loop latency at other rates (${SWEEP_DURATION}s each, $FIXED_CONNECTIONS conns):"; printf '%s' "$SWEEP_TABLE"; fi
  if [ "$EXPERIMENTS" = 1 ]; then
    for e in exp-floor exp-health exp-decisions exp-vault; do
      printf 'experiment %-14s %7s req/s  p50 %s ms  p99 %s ms  non-2xx+errors %s\n' "$e" "$(wrk_rps "$OUT/$e.wrk.txt")" \
        "$(wrk_pct "$OUT/$e.wrk.txt" 50)" "$(wrk_pct "$OUT/$e.wrk.txt" 99)" "$(wrk_bad "$OUT/$e.wrk.txt")"
    done
    for e in exp-pg-select-tx exp-pg-select-auto exp-pg-batch8 exp-pg-batch64 exp-pg-batch256; do
      [ -f "$OUT/$e.txt" ] || continue
      printf 'experiment %-18s %7s transactions/s (pgbench, latency average %s ms)%s\n' "$e" \
        "$(awk '/^tps = / {printf "%d", $3}' "$OUT/$e.txt")" "$(awk '/^latency average/ {print $4}' "$OUT/$e.txt")" \
        "$(awk -v e="$e" '/^tps = / && e ~ /batch/ {b = e; sub(/.*batch/, "", b); printf ", %d rows/s", $3 * b}' "$OUT/$e.txt")"
    done
  fi
  echo
  echo "== CPU per phase =="
  cat "$OUT/cpu.txt"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.txt"

[ "$FAIL" = 0 ] || exit 1
if [ "$STRICT" = 1 ]; then
  [ "$MAX_RPS" -ge "$TARGET_RPS" ] && awk -v p="$FIXED_P99" -v t="$TARGET_P99_MS" 'BEGIN {exit !(p <= t)}' || exit 2
fi
exit 0
