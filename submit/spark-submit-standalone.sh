#!/usr/bin/env bash
# Submit a capsnet command to a Spark standalone cluster.
#   submit/spark-submit-standalone.sh [SPARK-SUBMIT OPTIONS ... --] COMMAND [OPTIONS]
# Master: CAPSNET_MASTER (spark://HOST:PORT), else the one submit/local-cluster.sh started. Without SPARK_HOME,
# SparkSubmit runs from the Maven jars in target/spark-home. Other settings: submit/spark-submit-common.sh.
#
# Deploy mode: client (default; the driver runs in this process) or cluster (--deploy-mode cluster before "--",
# or CAPSNET_DEPLOY_MODE=cluster): the master starts the driver on a worker, so every path the command gets must be
# readable there: hdfs://, s3a:// or a file:// path on a disk all workers share. In cluster mode this script waits
# for the driver and exits 0 only if it FINISHED (spark-submit itself exits 0 whatever the driver's end), printing
# the driver's stdout when the worker's work directory is on this machine (submit/local-cluster.sh).
# Example: submit/local-cluster.sh start 2 && submit/spark-submit-standalone.sh info --master spark://127.0.0.1:7077
set -euo pipefail
# shellcheck source=spark-submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"

MASTER="${CAPSNET_MASTER:-}"
if [[ -z "$MASTER" && -f "$ROOT/target/local-cluster/master-url" ]]; then
  MASTER="$(cat "$ROOT/target/local-cluster/master-url")"
fi
[[ "$MASTER" == spark://* ]] || die "set CAPSNET_MASTER=spark://HOST:PORT or start submit/local-cluster.sh"

split_args "$@"
take_deploy_mode client
prepare_submit allow-maven-spark
if [[ "$DEPLOY_MODE" == client ]]; then
  run_submit --master "$MASTER" --deploy-mode client
fi

# Cluster mode. spark-submit's client logs the driver's final state at INFO (conf/log4j2.properties keeps that
# logger at INFO; SPARK_SUBMIT_OPTS points a real Spark installation's spark-submit at the same file).
submit_command --master "$MASTER" --deploy-mode cluster --conf spark.standalone.submit.waitAppCompletion=true
print_dry_run
export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} -Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties"
LOG="$(mktemp "${TMPDIR:-/tmp}/capsnet-submit.XXXXXX")"
trap 'rm -f "$LOG"' EXIT
set +e
( show_command; "${SUBMIT_COMMAND[@]}" ) 2>&1 | tee "$LOG" >&2
set -e
STATE_LINE="$(grep -o 'State of driver driver-[0-9-]* is [A-Z]*' "$LOG" | tail -n 1 || true)"
DRIVER="$(awk '{print $4}' <<<"$STATE_LINE")"
FINAL="${STATE_LINE##* }"
[[ -n "$DRIVER" ]] || die "no final driver state in spark-submit's output (submission failed?)"
WORK="$ROOT/target/local-cluster/work/$DRIVER"
[[ -f "$WORK/stdout" ]] && cat "$WORK/stdout"
if [[ "$FINAL" != FINISHED ]]; then
  # The driver's exit code does not reach spark-submit: its one-line error (when visible here) tells bad input
  # (exit 2) from an internal failure (exit 1).
  ERROR="$( [[ -f "$WORK/stderr" ]] && grep -m 1 '^capsnet: ' "$WORK/stderr" || true)"
  [[ -n "$ERROR" ]] && echo "$ERROR" >&2
  WHERE="the work directory of the worker that ran it"
  [[ -d "$WORK" ]] && WHERE="$WORK"
  echo "$(basename "$0"): driver $DRIVER ended $FINAL; its output is in $WHERE" >&2
  [[ -n "$ERROR" && "$ERROR" != "capsnet: internal error"* ]] && exit 2
  exit 1
fi
echo "driver $DRIVER FINISHED" >&2
