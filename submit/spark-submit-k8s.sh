#!/usr/bin/env bash
# Submit a capsnet command to Kubernetes (cluster mode: driver and executors are pods).
#   submit/spark-submit-k8s.sh [SPARK-SUBMIT OPTIONS ... --] COMMAND [OPTIONS]
# Needs SPARK_HOME, CAPSNET_K8S_MASTER (k8s://https://API-SERVER:PORT) and CAPSNET_K8S_IMAGE (a Spark 3.5 /
# Scala 2.12 / Java 17 image). The application jar is either already in the image (CAPSNET_JAR=local:///path.jar)
# or uploaded from target/ through CAPSNET_K8S_UPLOAD_PATH (s3a://..., hdfs://...). CAPSNET_K8S_NAMESPACE
# [default], CAPSNET_K8S_SERVICE_ACCOUNT [spark], CAPSNET_NUM_EXECUTORS [2]. Pod memory limit = memory +
# memoryOverhead, so the ND4J off-heap budget counts against it. Unverified here: no Kubernetes cluster.
# CAPSNET_DRY_RUN=1 prints the spark-submit command line and the pod settings it asks for, without running it
# (no SPARK_HOME or cluster needed): a check of what would be submitted.
set -euo pipefail
# shellcheck source=spark-submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"

[[ "${CAPSNET_K8S_MASTER:-}" == k8s://* ]] || die "set CAPSNET_K8S_MASTER=k8s://https://API-SERVER:PORT"
[[ -n "${CAPSNET_K8S_IMAGE:-}" ]] || die "set CAPSNET_K8S_IMAGE to a Spark 3.5 (Scala 2.12, Java 17) container image"
UPLOAD=()
if [[ "${CAPSNET_JAR:-}" != local://* ]]; then
  [[ -n "${CAPSNET_K8S_UPLOAD_PATH:-}" ]] \
    || die "set CAPSNET_JAR=local:///path/in/image.jar or CAPSNET_K8S_UPLOAD_PATH for uploading target/*-spark.jar"
  UPLOAD=(--conf "spark.kubernetes.file.upload.path=$CAPSNET_K8S_UPLOAD_PATH")
fi

split_args "$@"
take_deploy_mode cluster
[[ "$DEPLOY_MODE" == cluster ]] || die "this wrapper submits in cluster mode only (driver and executors as pods)"
prepare_submit

# The pods this submission asks for (dry run): Spark on Kubernetes sets a pod's memory request and limit to
# memory + memoryOverhead, and its CPU request to the cores (no CPU limit unless
# spark.kubernetes.{driver,executor}.limit.cores is set, e.g. in conf/spark-defaults.conf).
dry_run_details() {
  local jar_from="in the image ($APP_JAR)"
  [[ "$APP_JAR" == local://* ]] || jar_from="uploaded from $APP_JAR to $CAPSNET_K8S_UPLOAD_PATH"
  cat <<EOF
# pod settings (from the CAPSNET_* variables; a --conf given before "--" overrides them)
image:           $CAPSNET_K8S_IMAGE
namespace:       ${CAPSNET_K8S_NAMESPACE:-default}
service account: ${CAPSNET_K8S_SERVICE_ACCOUNT:-spark} (the driver creates the executor pods)
driver pod:      memory $(( DRIVER_HEAP_MIB + DRIVER_OVERHEAD_MIB ))Mi = heap ${DRIVER_HEAP_MIB}m + overhead ${DRIVER_OVERHEAD_MIB}m (ND4J off-heap + 1g); cpu request 1
executor pods:   ${CAPSNET_NUM_EXECUTORS:-2} x memory $(( EXEC_HEAP_MIB + EXEC_OVERHEAD_MIB ))Mi = heap ${EXEC_HEAP_MIB}m + overhead ${EXEC_OVERHEAD_MIB}m (ND4J off-heap + 1g); cpu request $EXEC_CORES = spark.task.cpus = ND4J threads
application jar: $jar_from
EOF
}

run_submit --master "$CAPSNET_K8S_MASTER" --deploy-mode cluster \
  --num-executors "${CAPSNET_NUM_EXECUTORS:-2}" \
  --conf "spark.kubernetes.container.image=$CAPSNET_K8S_IMAGE" \
  --conf "spark.kubernetes.namespace=${CAPSNET_K8S_NAMESPACE:-default}" \
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${CAPSNET_K8S_SERVICE_ACCOUNT:-spark}" \
  "${UPLOAD[@]}"
