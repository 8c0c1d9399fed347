#!/usr/bin/env bash
# Local embedded Neo4j 5.26 LTS (Bolt only, 127.0.0.1) for newsgraph development — no Docker.
#
#   tools/neo4j/neo4j.sh start    build if needed, start in background, print the Bolt URI
#   tools/neo4j/neo4j.sh stop     stop and wait for exit
#   tools/neo4j/neo4j.sh status   report whether it is running (exit 0 if running and answering)
#   tools/neo4j/neo4j.sh uri      print the Bolt URI
#
# Env: NEO4J_PORT (7687), NEO4J_DATA_DIR (<this dir>/data), NEO4J_PASSWORD (unset = auth off),
#      NEO4J_HEAP (1g), NEO4J_PAGECACHE (256m), NEO4J_CONF (optional neo4j.conf-style file),
#      NEO4J_START_TIMEOUT (120 seconds), JAVA (java), MVN (mvn).
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${NEO4J_PORT:-7687}"
HOST=127.0.0.1
DATA_DIR="${NEO4J_DATA_DIR:-$DIR/data}"
HEAP="${NEO4J_HEAP:-1g}"
PAGECACHE="${NEO4J_PAGECACHE:-256m}"
TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
JAVA="${JAVA:-java}"
MVN="${MVN:-mvn}"

JAR="$DIR/target/neo4j-launcher.jar"
BUILD_LOG="$DIR/target/build.log"
PID_FILE="$DATA_DIR/neo4j.pid"
LOG_FILE="$DATA_DIR/neo4j.log"
URI="bolt://$HOST:$PORT"

log() { echo "neo4j.sh: $*" >&2; }

port_open() {
    # bash /dev/tcp probe in a subshell so the fd is closed immediately
    (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null
}

read_pid() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    echo "$pid"
}

is_running() {
    local pid
    pid="$(read_pid)" || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # guard against pid reuse: the process must be our launcher
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'neo4j-launcher.jar' || return 1
}

running_port() {
    # the --port argument of the running launcher
    tr '\0' '\n' <"/proc/$(read_pid)/cmdline" 2>/dev/null | grep -A1 -x -- '--port' | tail -n1
}

needs_build() {
    [[ -f "$JAR" && -d "$DIR/target/lib" ]] || return 0
    [[ -n "$(find "$DIR/pom.xml" "$DIR/src" -newer "$JAR" -type f 2>/dev/null | head -n1)" ]]
}

build() {
    mkdir -p "$DIR/target"
    log "building launcher (log: $BUILD_LOG) ..."
    local t0=$SECONDS
    # Try offline first (works once ~/.m2 is populated), fall back to online resolution.
    if ! "$MVN" -q -B -o -f "$DIR/pom.xml" package >"$BUILD_LOG" 2>&1; then
        if ! "$MVN" -q -B -f "$DIR/pom.xml" package >>"$BUILD_LOG" 2>&1; then
            log "build failed; tail of $BUILD_LOG:"
            tail -n 40 "$BUILD_LOG" >&2
            exit 1
        fi
    fi
    log "build done in $((SECONDS - t0))s"
}

cmd_start() {
    if is_running; then
        local rport
        rport="$(running_port)"
        if [[ "$rport" != "$PORT" ]]; then
            log "already running from $DATA_DIR on port $rport (pid $(read_pid)); stop it first or unset NEO4J_PORT"
            exit 1
        fi
        if port_open; then
            echo "$URI"
            return 0
        fi
        log "process $(read_pid) is running but $URI is not answering yet; waiting ..."
    else
        if port_open; then
            log "port $PORT is already in use by another process; set NEO4J_PORT"
            exit 1
        fi
        if needs_build; then build; fi
        mkdir -p "$DATA_DIR"
        local conf_args=()
        if [[ -n "${NEO4J_CONF:-}" ]]; then conf_args=(--config "$NEO4J_CONF"); fi
        # Same JVM options neo4j's own launcher uses for Java 17.
        nohup "$JAVA" "-Xmx$HEAP" \
            -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow \
            --add-opens=java.base/java.nio=ALL-UNNAMED \
            --add-opens=java.base/java.io=ALL-UNNAMED \
            --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
            -Dio.netty.tryReflectionSetAccessible=true \
            -Djdk.nio.maxCachedBufferSize=1024 \
            -Dlog4j2.disable.jmx=true \
            -jar "$JAR" --home "$DATA_DIR" --port "$PORT" --pagecache "$PAGECACHE" \
            "${conf_args[@]+"${conf_args[@]}"}" \
            >"$LOG_FILE" 2>&1 </dev/null &
        echo $! >"$PID_FILE"
        log "started pid $! (log: $LOG_FILE)"
    fi

    local pid t0=$SECONDS
    pid="$(read_pid)"
    while ((SECONDS - t0 < TIMEOUT)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "neo4j (pid $pid) exited during startup; tail of $LOG_FILE:"
            tail -n 40 "$LOG_FILE" >&2 || true
            rm -f "$PID_FILE"
            exit 1
        fi
        if port_open && grep -q '^neo4j ready ' "$LOG_FILE" 2>/dev/null; then
            log "bolt answering after $((SECONDS - t0))s"
            echo "$URI"
            return 0
        fi
        sleep 0.5
    done
    log "timed out after ${TIMEOUT}s waiting for $URI; tail of $LOG_FILE:"
    tail -n 40 "$LOG_FILE" >&2 || true
    exit 1
}

cmd_stop() {
    if ! is_running; then
        rm -f "$PID_FILE"
        log "not running"
        return 0
    fi
    local pid
    pid="$(read_pid)"
    kill -TERM "$pid"
    local i
    for ((i = 0; i < 120; i++)); do   # up to 60s for a clean shutdown
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE"
            log "stopped (pid $pid)"
            return 0
        fi
        sleep 0.5
    done
    log "pid $pid did not exit after 60s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
}

cmd_status() {
    if is_running; then
        PORT="$(running_port)"
        URI="bolt://$HOST:$PORT"
        if port_open; then
            echo "running (pid $(read_pid)) $URI"
            return 0
        fi
        echo "starting (pid $(read_pid)) $URI not answering yet"
        return 1
    fi
    echo "stopped"
    return 3
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    uri) echo "$URI" ;;
    *)
        echo "usage: $(basename "$0") {start|stop|status|uri}" >&2
        exit 2
        ;;
esac
