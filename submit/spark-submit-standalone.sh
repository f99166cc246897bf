#!/usr/bin/env bash
# Submit a capsnet command to a Spark standalone cluster (client mode: the driver runs here).
#   submit/spark-submit-standalone.sh [SPARK-SUBMIT OPTIONS ... --] COMMAND [OPTIONS]
# Master: CAPSNET_MASTER (spark://HOST:PORT), else the one submit/local-cluster.sh started. Without SPARK_HOME,
# SparkSubmit runs from the Maven jars in target/spark-home. Other settings: submit/spark-submit-common.sh.
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
prepare_submit allow-maven-spark
run_submit --master "$MASTER" --deploy-mode client
