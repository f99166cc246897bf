#!/usr/bin/env bash
# Submit a capsnet command to YARN (cluster mode by default: the driver runs in the application master).
#   submit/spark-submit-yarn.sh [SPARK-SUBMIT OPTIONS ... --] COMMAND [OPTIONS]
# Needs SPARK_HOME and HADOOP_CONF_DIR (or YARN_CONF_DIR). CAPSNET_NUM_EXECUTORS [2]; deploy mode cluster unless
# "--deploy-mode client" (before "--") or CAPSNET_DEPLOY_MODE=client; memory and cores: submit/spark-submit-common.sh.
# In cluster mode spark-submit waits for the application (spark.yarn.submit.waitAppCompletion) and fails if it does. Data paths must be visible to every node
# (hdfs://, s3a://, or a shared mount). Unverified here: no YARN cluster on the build machines.
set -euo pipefail
# shellcheck source=spark-submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"

[[ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]] || die "set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's configuration"

split_args "$@"
take_deploy_mode cluster
prepare_submit
run_submit --master yarn --deploy-mode "$DEPLOY_MODE" \
  --num-executors "${CAPSNET_NUM_EXECUTORS:-2}"
