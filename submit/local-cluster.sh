#!/usr/bin/env bash
# A standalone Spark cluster on 127.0.0.1 made of the Maven jars alone (no Spark install): one master and N
# workers, run from target/spark-home (jars/ + empty RELEASE, built by `mvn package`). State under
# target/local-cluster/: pids, logs, master-url, work/ (executor stdout/stderr per application).
#
#   submit/local-cluster.sh start [WORKERS]   start master + WORKERS workers (default 1); prints the master URL
#   submit/local-cluster.sh status            which daemons run; prints the master URL
#   submit/local-cluster.sh stop              stop workers, then the master
#
# Environment: CAPSNET_MASTER_PORT (7077), CAPSNET_MASTER_UI_PORT (8080), CAPSNET_WORKER_CORES (1),
# CAPSNET_WORKER_MEMORY (4g), JAVA_HOME.
# Submit to it, e.g.:
#   java -cp 'target/spark-home/jars/*' org.apache.spark.deploy.SparkSubmit --master "$(cat target/local-cluster/master-url)" \
#        --class org.capsnet.cli.CapsNetMain target/capsnet-spark-*-spark.jar info --master <same url>
set -euo pipefail

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SPARK_HOME="$ROOT/target/spark-home"
export SPARK_SCALA_VERSION=2.12
export SPARK_LOCAL_IP=127.0.0.1
STATE="$ROOT/target/local-cluster"
HOST=127.0.0.1
PORT="${CAPSNET_MASTER_PORT:-7077}"
UI_PORT="${CAPSNET_MASTER_UI_PORT:-8080}"
CORES="${CAPSNET_WORKER_CORES:-1}"
MEMORY="${CAPSNET_WORKER_MEMORY:-4g}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

FLAGS=("@$ROOT/conf/java17-add-opens.args") # Spark's Java 17 module flags

die() { echo "local-cluster: $*" >&2; exit 2; }
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
# Whether the pid in a pid file is still one of this cluster's daemons: a java process on this checkout's
# target/spark-home (after a reboot or a crash the pid may belong to another process by now).
own_daemon() {
  alive "$1" && ps -ww -o args= -p "$(cat "$1")" 2>/dev/null | grep -qF -- "-cp $SPARK_HOME/jars/*"
}
port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Waits until a log file shows a line matching a pattern, or the process dies, or 60 s pass.
wait_for() { # pidfile logfile pattern what
  local i
  for ((i = 0; i < 120; i++)); do
    grep -q "$3" "$2" 2>/dev/null && return 0
    alive "$1" || { tail -n 20 "$2" >&2; die "$4 exited; see $2"; }
    sleep 0.5
  done
  die "$4 not ready after 60 s; see $2"
}

daemon() { # name class args...
  local name="$1" class="$2"; shift 2
  nohup "$JAVA" -Xmx512m "${FLAGS[@]}" -cp "$SPARK_HOME/jars/*" "$class" "$@" \
    >"$STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}

start() {
  local workers="${1:-1}" i
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "WORKERS must be a positive number, not '$workers'"
  [[ -f "$SPARK_HOME/RELEASE" && -d "$SPARK_HOME/jars" ]] \
    || (cd "$ROOT" && mvn -q -B -DskipTests package) \
    || die "cannot build target/spark-home (mvn package failed)"
  mkdir -p "$STATE/work"
  if alive "$STATE/master.pid"; then
    echo "local-cluster: already running" >&2
    status
    return
  fi
  port_busy "$PORT" && die "port $PORT is in use; set CAPSNET_MASTER_PORT"
  port_busy "$UI_PORT" && die "port $UI_PORT is in use; set CAPSNET_MASTER_UI_PORT"
  daemon master org.apache.spark.deploy.master.Master --host "$HOST" --port "$PORT" --webui-port "$UI_PORT"
  wait_for "$STATE/master.pid" "$STATE/master.log" "Starting Spark master at" master
  echo "spark://$HOST:$PORT" >"$STATE/master-url"
  for ((i = 1; i <= workers; i++)); do
    daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host "$HOST" --webui-port 0 \
      --cores "$CORES" --memory "$MEMORY" --work-dir "$STATE/work" "spark://$HOST:$PORT"
  done
  for ((i = 1; i <= workers; i++)); do
    wait_for "$STATE/worker-$i.pid" "$STATE/worker-$i.log" "Successfully registered with master" "worker $i"
  done
  echo "local-cluster: master and $workers worker(s) up (${CORES} core(s), ${MEMORY} each); UI http://$HOST:$UI_PORT" >&2
  cat "$STATE/master-url"
}

status() {
  local f running=0
  shopt -s nullglob
  for f in "$STATE"/master.pid "$STATE"/worker-*.pid; do
    if alive "$f"; then
      echo "$(basename "$f" .pid): running (pid $(cat "$f"))" >&2
      running=1
    else
      echo "$(basename "$f" .pid): not running" >&2
    fi
  done
  if [[ $running == 1 ]] && alive "$STATE/master.pid"; then
    cat "$STATE/master-url"
  else
    echo "local-cluster: not running" >&2
    return 3
  fi
}

stop() {
  local f pid i
  shopt -s nullglob
  for f in "$STATE"/worker-*.pid "$STATE"/master.pid; do
    if alive "$f" && ! own_daemon "$f"; then
      echo "$(basename "$f" .pid): pid $(cat "$f") is no longer this cluster's daemon; not killed" >&2
    elif alive "$f"; then
      pid="$(cat "$f")"
      kill "$pid"
      for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      echo "$(basename "$f" .pid): stopped" >&2
    fi
    rm -f "$f"
  done
  rm -f "$STATE/master-url"
}

case "${1:-}" in
  start) start "${2:-1}" ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start [WORKERS] | status | stop" >&2; exit 2 ;;
esac
