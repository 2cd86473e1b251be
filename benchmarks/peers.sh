#!/usr/bin/env bash
# Measures the sample app's FalcoTCP server next to its peers, in one run and one table: builds the sample app jar,
# then runs the peer yardstick ../shared/peerbench/run-peers.sh (next to the checkout) with the sample app as its
# FALCO_CMD server. run-peers.sh starts every server, including the sample app, measures it with its own load
# generator, and stops it by the PID it started; this script starts nothing in the background and kills nothing.
#
# usage: benchmarks/peers.sh [variant ...]      (from any directory)
#   default variants: tcp-raw netty-tls-jdk netty-tls-openssl grpc-plain grpc-tls falco-v1 falco-cmd falco-cmd-session
#   falco-cmd is the sample app measured by a plain v1 client, falco-cmd-session the same app in the session mode;
#   the others are run-peers.sh's (see ../shared/peerbench/README.md).
# env, passed through to run-peers.sh: WARMUP (s, default 3), DURATION (s, default 10),
#   SCENARIOS ("conns:inflight:payload ...", default "1:1:64 32:1:64 8:1:16384 1:1:1048576"), PREWARM, JAVA,
#   SERVER_JAVA_OPTS (JVM options of the peer servers), LOAD_JAVA_OPTS, FALCO_KEY (64 hex digits),
#   PORT_BASE (servers listen on PORT_BASE+1, +2, ...; default a random base between 20000 and 29999),
#   OUT (directory for logs, results.jsonl and table.md; default a fresh /tmp/falcotcp-peers.*)
# env for the sample app: FALCO_JAVA_OPTS (its JVM options; default SERVER_JAVA_OPTS, so that every server gets the
#   same), FALCO_APP_ARGS (extra application arguments, e.g. "--falco.server.event-loop-threads=2"),
#   FALCO_CMD_LABEL (its rows' label, default "sample-app")
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

echo "peers.sh: building the sample app" >&2
(cd "$root" && mvn -B -q -pl sample-app -am package -DskipTests) >&2
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
FALCO_CMD+=" --falco.server.accept-session-version1=true ${FALCO_APP_ARGS:-}"
export FALCO_CMD
export FALCO_CMD_LABEL=${FALCO_CMD_LABEL:-sample-app}

"$run_peers" "${variants[@]}" | tee "$OUT/table.md"

echo >&2
echo "peers.sh: table in $OUT/table.md, one JSON line per cell in $OUT/results.jsonl, server and load logs in $OUT" >&2
