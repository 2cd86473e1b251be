#!/usr/bin/env bash
# Measures the sample app's FalcoTCP server next to its peers, in one run and one table: builds the sample app jar,
# then runs the peer yardstick ../shared/peerbench/run-peers.sh (next to the checkout) with the sample app as its
# FALCO_CMD server. run-peers.sh starts every server, including the sample app, measures it with its own load
# generator, and stops it by the PID it started. The project-* variants start the sample app here, in the background,
# and stop it by its PID; nothing else is started or killed.
#
# usage: benchmarks/peers.sh [variant ...]      (from any directory)
#   default variants: tcp-raw netty-tls-jdk netty-tls-openssl grpc-plain grpc-tls falco-v1 falco-cmd falco-cmd-session
#   falco-cmd is the sample app measured by a plain v1 client, falco-cmd-session the same app in the session mode;
#   the others are run-peers.sh's (see ../shared/peerbench/README.md). Two more variants are measured by this
#   script itself, after run-peers.sh, into the same results and table: project-session and project-v1, the sample
#   app driven by the project's own load generator (benchmarks.jar, FalcoTcpClient) in session mode (current
#   session version, large bodies in segments) or plain v1.
# env, passed through to run-peers.sh: WARMUP (s, default 3), DURATION (s, default 10),
#   SCENARIOS ("conns:inflight:payload ...", default "1:1:64 32:1:64 8:1:16384 1:1:1048576"), PREWARM, JAVA,
#   SERVER_JAVA_OPTS (JVM options of the peer servers), LOAD_JAVA_OPTS, FALCO_KEY (64 hex digits),
#   PORT_BASE (servers listen on PORT_BASE+1, +2, ...; default a random base between 20000 and 29999),
#   OUT (directory for logs, results.jsonl and table.md; default a fresh /tmp/falcotcp-peers.*)
# env for the sample app: FALCO_JAVA_OPTS (its JVM options; default SERVER_JAVA_OPTS, so that every server gets the
#   same), FALCO_APP_ARGS (extra application arguments, e.g. "--falco.server.event-loop-threads=2"),
#   FALCO_CMD_LABEL (its rows' label, default "sample-app"), SAMPLE_TRACING ("off" by default: the sample app runs
#   without its Brave tracing, whose sampling probability 1.0 is a demonstration setting and which none of the peers
#   has; "on" measures it as it is configured)
# example: WARMUP=1 DURATION=3 SCENARIOS="1:1:64 8:1:16384" benchmarks/peers.sh tcp-raw falco-v1 falco-cmd
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run_peers=$root/../shared/peerbench/run-peers.sh
jar=$root/sample-app/target/falcotcp-sample-app-0.1.0-SNAPSHOT.jar

if [ ! -x "$run_peers" ]; then
  echo "peers.sh: the peer yardstick is not at $run_peers (expected ../shared/peerbench next to the checkout)" >&2
  exit 1
fi
if [ $# -gt 0 ]; then
  variants=("$@")
else
  variants=(tcp-raw netty-tls-jdk netty-tls-openssl grpc-plain grpc-tls falco-v1 falco-cmd falco-cmd-session)
fi
peers=()
project=()
for v in "${variants[@]}"; do
  case $v in
    project-session|project-v1) project+=("$v") ;;
    *) peers+=("$v") ;;
  esac
done

echo "peers.sh: building the sample app and the load generator" >&2
(cd "$root" && mvn -B -q -pl sample-app,benchmarks -am package -DskipTests) >&2
if [ ! -f "$jar" ]; then
  echo "peers.sh: the build did not produce $jar" >&2
  exit 1
fi

OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/falcotcp-peers.XXXXXX")}
mkdir -p "$OUT"
export OUT
# run-peers.sh listens on PORT_BASE+1, +2, ...; its default (47600) lies in Linux's ephemeral range, where the
# client sockets of other programs can hold a port: pick a base below it, at random so that two runs differ.
export PORT_BASE=${PORT_BASE:-$(( 20000 + RANDOM % 10000 ))}

# run-peers.sh runs FALCO_CMD through bash -c, substituting {port} and {key} (64 hex digits, as falco.server.key
# takes them). Loopback only, HTTP on a free port; the JVM and application options are appended unquoted, as
# written by the caller.
falco_java_opts=${FALCO_JAVA_OPTS-${SERVER_JAVA_OPTS:-}}
FALCO_CMD="$(printf '%q' "${JAVA:-java}") ${falco_java_opts} -jar $(printf '%q' "$jar")"
FALCO_CMD+=" --falco.server.host=127.0.0.1 --falco.server.port={port} --falco.server.key={key}"
FALCO_CMD+=" --server.address=127.0.0.1 --server.port=0"
# the yardstick's session client (falco-cmd-session) speaks the first session version: accept it, logged and counted
FALCO_CMD+=" --falco.server.accept-session-version1=true"
# Boot 4.1 has no switch for tracing as a whole (management.tracing.export.enabled stops the export only, spans are
# still made): leave out the two auto-configurations that make the tracer and its observation handlers
case ${SAMPLE_TRACING:-off} in
  off)
    tracing=org.springframework.boot.micrometer.tracing
    FALCO_CMD+=" --spring.autoconfigure.exclude=${tracing}.brave.autoconfigure.BraveAutoConfiguration"
    FALCO_CMD+=",${tracing}.autoconfigure.MicrometerTracingAutoConfiguration" ;;
  on) ;;
  *) echo "peers.sh: SAMPLE_TRACING must be on or off, not ${SAMPLE_TRACING}" >&2; exit 2 ;;
esac
FALCO_CMD+=" ${FALCO_APP_ARGS:-}"
export FALCO_CMD
export FALCO_CMD_LABEL=${FALCO_CMD_LABEL:-sample-app}

export FALCO_KEY=${FALCO_KEY:-$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')}
if [ ${#peers[@]} -gt 0 ]; then
  "$run_peers" "${peers[@]}" >"$OUT/table.md"
fi

if [ ${#project[@]} -gt 0 ]; then
  # the same sample app, started here on a port of its own and stopped by its PID, driven by benchmarks.jar
  port=$(( PORT_BASE + 99 ))
  cmd=${FALCO_CMD//\{port\}/$port}
  cmd=${cmd//\{key\}/$FALCO_KEY}
  loadgen=("${JAVA:-java}" ${LOAD_JAVA_OPTS:-} -cp "$root/benchmarks/target/benchmarks.jar"
    io.falcotcp.benchmarks.load.LoadGenerator "--port=$port")
  for v in "${project[@]}"; do
    protocol=${v#project-}
    bash -c "exec $cmd" >"$OUT/$v.server.log" 2>&1 &
    pid=$!
    for _ in $(seq 600); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    echo "$v: sample app on port $port (PID $pid), measured by the project's load generator" >&2
    for p in ${PREWARM-"32:1:64:5 4:1:65536:3"}; do  # JIT warm-up, as run-peers.sh does, not measured
      IFS=: read -r c k b ps <<<"$p"
      "${loadgen[@]}" "--protocol=$protocol" "--connections=$c" "--in-flight=$k" "--payload=$b" --warmup=0 \
        "--duration=${ps%.*}" --runs=1 >>"$OUT/$v.prewarm.log" 2>&1 || true
    done
    for sc in ${SCENARIOS:-"1:1:64 32:1:64 8:1:16384 1:1:1048576"}; do
      IFS=: read -r c k b <<<"$sc"
      "${loadgen[@]}" "--protocol=$protocol" "--connections=$c" "--in-flight=$k" "--payload=$b" \
        "--warmup=${WARMUP:-3}" "--duration=${DURATION:-10}" --runs=1 2>>"$OUT/$v.load.err" \
        | grep '^{' | tee -a "$OUT/results.jsonl" >&2 || echo "  $v $sc: no result (see $OUT/$v.load.err)" >&2
    done
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  "${JAVA:-java}" -jar "$("$root/../shared/peerbench/build.sh")" table "$OUT/results.jsonl" >"$OUT/table.md"
fi
cat "$OUT/table.md"

echo >&2
echo "peers.sh: table in $OUT/table.md, one JSON line per cell in $OUT/results.jsonl, server and load logs in $OUT" >&2
