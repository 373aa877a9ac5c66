#!/usr/bin/env bash
# Inclusion proofs served over HTTP (issue: ">= 20k/s"), on loopback, against `mandate start-dev`
# on a fresh data dir (embedded PostgreSQL, fsync on).
#   1. starts the server from app/target/mandate.jar, sets up customer acme as in the README;
#   2. fills acme's log with FILL_SECONDS of POST /v1/decisions (wrk), signs a checkpoint;
#   3. wrk GET /v1/customers/acme/log/entries/{random index}/inclusion-proof with the DPO key:
#      a WARMUP, then DURATION seconds with --latency;
#   4. checks a sample of 200 proofs against the signed root with the log-verifier library (jshell-free:
#      a tiny Java program), and that wrk saw no non-2xx answer.
# Usage: benchmarks/load/inclusion-proofs.sh   (env: FILL_SECONDS=20 WARMUP=30 DURATION=20 THREADS=2 CONNECTIONS=64)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR="$ROOT/app/target/mandate.jar"
FILL_SECONDS=${FILL_SECONDS:-20}; WARMUP=${WARMUP:-30}; DURATION=${DURATION:-20}
THREADS=${THREADS:-2}; CONNECTIONS=${CONNECTIONS:-64}
OUT=${OUT:-/tmp/mandate-inclusion-$(date +%H%M%S)}; mkdir -p "$OUT"
die() { echo "inclusion-proofs: $*" >&2; exit 1; }
[ -f "$JAR" ] || die "build first: ./mvnw -B -q -o install -DskipTests"
for t in wrk curl jq; do command -v $t >/dev/null || die "$t is not installed"; done
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
U="http://127.0.0.1:$PORT"; DATA="$OUT/data"
"$JAVA" -jar "$JAR" start-dev --data-dir "$DATA" --http-port "$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do grep -q 'Press Ctrl-C' "$OUT/server.log" 2>/dev/null && break; sleep 0.5; done
ADMIN=$(grep -o 'key_[a-z0-9]*\.[A-Za-z0-9_-]*' "$OUT/server.log" | head -1); [ -n "$ADMIN" ] || die "server did not start"
j() { curl -s --max-time 30 -H "Authorization: Bearer $1" -H 'Content-Type: application/json' "${@:2}"; }
cd "$ROOT"
j "$ADMIN" -X POST "$U/v1/customers" -d @examples/customer.json >/dev/null
j "$ADMIN" -X POST "$U/v1/customers/acme/agreement/versions" -d @examples/agreement-v1.json >/dev/null
j "$ADMIN" -X POST "$U/v1/customers/acme/agreement/versions/1/offer" >/dev/null
DPO=$(j "$ADMIN" -X POST "$U/v1/api-keys" -d '{"label":"dpo","role":"customer-dpo","customers":["acme"],"purposes":[]}' | jq -r .secret)
j "$DPO" -X POST "$U/v1/customers/acme/agreement/versions/1/accept" >/dev/null
SVC=$(j "$ADMIN" -X POST "$U/v1/api-keys" -d '{"label":"svc","role":"processor-service","customers":["acme"],"purposes":["dpv:PersonnelPayment"]}' | jq -r .secret)
BODY=$(jq -c . examples/decision.json)
cat >"$OUT/fill.lua" <<LUA
wrk.method = "POST"; wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"; wrk.headers["Authorization"] = "Bearer " .. os.getenv("SVC")
LUA
echo "filling the log: wrk POST /v1/decisions for $FILL_SECONDS s" >&2
SVC=$SVC wrk -t"$THREADS" -c"$CONNECTIONS" -d"${FILL_SECONDS}s" -s "$OUT/fill.lua" "$U/v1/decisions" >"$OUT/fill.txt"
CHECKPOINT=$(j "$DPO" -X POST "$U/v1/customers/acme/log/checkpoint")
SIZE=$(jq -r .size <<<"$CHECKPOINT"); ROOTHASH=$(jq -r .rootHash <<<"$CHECKPOINT")
echo "log of $SIZE entries, root $ROOTHASH" >&2
cat >"$OUT/proof.lua" <<LUA
math.randomseed(os.time())
local size = $SIZE
request = function()
  return wrk.format("GET", "/v1/customers/acme/log/entries/" .. math.random(0, size - 1) .. "/inclusion-proof",
    { ["Authorization"] = "Bearer " .. os.getenv("DPO") })
end
LUA
echo "warm-up: $WARMUP s" >&2
DPO=$DPO wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/proof.lua" "$U/" >"$OUT/warmup.txt"
echo "measured: $DURATION s (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
DPO=$DPO wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$OUT/proof.lua" "$U/" | tee "$OUT/max.txt"
! grep -q "Non-2xx" "$OUT/max.txt" || die "some answers were not 2xx"
# check 200 random proofs against the signed root
mkdir -p "$OUT/check"
for i in $(seq 200); do
  k=$((RANDOM * 32768 + RANDOM)); k=$((k % SIZE))
  j "$DPO" "$U/v1/customers/acme/log/entries/$k/inclusion-proof" >"$OUT/check/$i.json"
done
CP="$ROOT/log-verifier/target/classes:$(ls "$ROOT"/app/target/libs/jackson-*.jar 2>/dev/null | tr '\n' ':')"
cat >"$OUT/Check.java" <<'JAVA'
import com.fasterxml.jackson.databind.*; import dev.mandate.logverify.*; import java.nio.file.*; import java.util.*;
public class Check { public static void main(String[] a) throws Exception {
  ObjectMapper m = new ObjectMapper(); byte[] root = Hashes.fromHex(a[1]); int ok = 0;
  try (var files = Files.list(Path.of(a[0]))) { for (Path p : files.toList()) { JsonNode n = m.readTree(p.toFile());
    List<byte[]> h = new ArrayList<>(); n.path("hashes").forEach(x -> h.add(Hashes.fromHex(x.asText())));
    ProofVerifier.verifyInclusion(n.path("index").asLong(), n.path("treeSize").asLong(), Hashes.fromHex(n.path("leafHash").asText()), h, root); ok++; } }
  System.out.println("verified " + ok + " proofs against the signed root"); } }
JAVA
"$JAVA" -cp "$CP" "$OUT/Check.java" "$OUT/check" "$ROOTHASH"
echo "raw output in $OUT" >&2
