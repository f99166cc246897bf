#!/usr/bin/env bash
# Submit a capsnet command to YARN (cluster mode by default: the driver runs in the application master).
#   submit/spark-submit-yarn.sh [SPARK-SUBMIT OPTIONS ... --] COMMAND [OPTIONS]
# Needs HADOOP_CONF_DIR (or YARN_CONF_DIR): the cluster's core-site.xml and yarn-site.xml. SPARK_HOME is a Spark 3.5
# (Scala 2.12) installation; without it SparkSubmit runs from the Maven jars in target/spark-home, which spark-submit
# then uploads to the application's HDFS staging directory (set spark.yarn.archive or spark.yarn.jars to avoid that).
# CAPSNET_NUM_EXECUTORS [2]; deploy mode cluster unless "--deploy-mode client" (before "--") or
# CAPSNET_DEPLOY_MODE=client; memory and cores: submit/spark-submit-common.sh. Data paths must be visible to every
# node (hdfs://, s3a://, or a shared mount).
#
# One attempt per application (spark.yarn.maxAppAttempts=1; a --conf before "--" overrides it): a second attempt
# would start the training over. Exit code: the driver's. In client mode the driver is spark-submit's JVM; in cluster
# mode spark-submit waits for the application and this script reads the driver's outcome from YARN's diagnostics:
# 0 when it SUCCEEDED, 2 when the driver stopped on bad input (its one-line error is printed), 1 otherwise. Two YARN
# failures end with one line of this script naming what to change: a queue the ResourceManager does not know (exit
# 2), and a container killed above its physical-memory limit (exit 1; the setting to raise is the memoryOverhead of
# the executors, the driver or the application master, whichever container it was).
# Verified on a MiniYARNCluster with MiniDFSCluster on loopback (YarnClusterTest), not on a real cluster.
set -euo pipefail
# shellcheck source=spark-submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"

# A property's value in a Hadoop *-site.xml (the last one given), or nothing.
site_property() { # file name
  local name="${2//./\\.}"
  tr -d '\n\r' <"$1" | grep -o "<name>[[:space:]]*$name[[:space:]]*</name>[[:space:]]*<value>[^<]*</value>" \
    | tail -n 1 | sed -e 's/.*<value>[[:space:]]*//' -e 's/[[:space:]]*<\/value>$//' || true
}

# The configuration directory must exist and hold yarn-site.xml; without one spark-submit would look for the
# ResourceManager at 0.0.0.0:8032 and retry for 15 minutes. Sets YARN_SITE.
check_hadoop_conf() {
  local var dir
  [[ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]] \
    || die "set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the directory of the cluster's core-site.xml and yarn-site.xml"
  for var in HADOOP_CONF_DIR YARN_CONF_DIR; do
    dir="${!var:-}"
    [[ -z "$dir" || -d "$dir" ]] || die "$var=$dir is not a directory"
  done
  YARN_SITE=""
  for dir in "${YARN_CONF_DIR:-}" "${HADOOP_CONF_DIR:-}"; do
    if [[ -n "$dir" && -f "$dir/yarn-site.xml" ]]; then YARN_SITE="$dir/yarn-site.xml"; break; fi
  done
  [[ -n "$YARN_SITE" ]] || die "no yarn-site.xml in ${HADOOP_CONF_DIR:-$YARN_CONF_DIR}: it names the ResourceManager" \
    "(yarn.resourcemanager.address or .hostname); copy the cluster's client configuration there"
  [[ -r "$YARN_SITE" ]] || die "$YARN_SITE is not readable"
}

# Is anything listening at the ResourceManager's address? (Skipped with ResourceManager HA: several addresses.)
check_resourcemanager() {
  local address host port
  [[ "$(site_property "$YARN_SITE" yarn.resourcemanager.ha.enabled)" == true ]] && return 0
  address="$(site_property "$YARN_SITE" yarn.resourcemanager.address)"
  host="$(site_property "$YARN_SITE" yarn.resourcemanager.hostname)"
  [[ -n "$address" ]] || address="${host:-0.0.0.0}:8032"
  address="${address//\$\{yarn.resourcemanager.hostname\}/${host:-0.0.0.0}}"
  port="${address##*:}" host="${address%:*}"
  [[ "$port" =~ ^[0-9]+$ ]] || die "yarn.resourcemanager.address '$address' in $YARN_SITE has no port"
  if ! timeout 10 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null; then
    die "no ResourceManager answers at $host:$port (yarn.resourcemanager.address from $YARN_SITE): is YARN up," \
      "and is this the cluster's configuration?"
  fi
}

# The value of "--conf NAME=VALUE" (or --conf=NAME=VALUE) in SUBMIT_ARGS (the last one), or nothing.
submit_conf() { # name
  local i n=${#SUBMIT_ARGS[@]} a value=""
  for (( i = 0; i < n; i++ )); do
    a="${SUBMIT_ARGS[i]}"
    if [[ "$a" == --conf && $(( i + 1 )) -lt $n ]]; then a="${SUBMIT_ARGS[i+1]}"; i=$((i + 1)); else a="${a#--conf=}"; fi
    [[ "$a" == "$1="* ]] && value="${a#"$1="}"
  done
  echo "$value"
}

# One line for the YARN failures a user can fix by a setting, found in spark-submit's output ($LOG), or nothing:
# a container killed by the NodeManager above its physical-memory limit (the NodeManager says "is running ...B
# beyond the 'PHYSICAL' memory limit", Spark's YarnAllocator "Container killed by YARN for exceeding physical memory
# limits"), and a queue the ResourceManager does not know. Sets FIX_LINE (empty when none) and FIX_CODE (1 memory,
# 2 queue).
yarn_failure() {
  local queue used line setting now default what
  FIX_LINE="" FIX_CODE=1
  queue="$(grep -o -m 1 'to unknown queue: *[^ ]*' "$LOG" | sed 's/.*: *//' || true)"
  if [[ -n "$queue" ]]; then
    FIX_CODE=2
    FIX_LINE="YARN has no queue '$queue': pass an existing leaf queue as --queue QUEUE before \"--\" (spark.yarn.queue)"
    return
  fi
  line="$(grep -m 1 -e "beyond the 'PHYSICAL' memory limit" -e 'beyond physical memory limits' \
    -e 'exceeding physical memory limits' "$LOG" || true)"
  [[ -n "$line" ]] || return 0
  used="$(grep -o -m 1 '[0-9.]* [KMGT]\?B of [0-9.]* [KMGT]\?B physical memory used' "$LOG" || true)"
  if [[ "$line" == *"AM Container"* || "$line" == *_000001* ]]; then
    if [[ "$DEPLOY_MODE" == cluster ]]; then
      setting=spark.driver.memoryOverhead default="CAPSNET_DRIVER_OFFHEAP + 1g = ${DRIVER_OVERHEAD_MIB}m"
      what="the driver's container (the application master)"
    else
      setting=spark.yarn.am.memoryOverhead default="Spark's: 10% of spark.yarn.am.memory, at least 384m"
      what="the application master's container"
    fi
  else
    setting=spark.executor.memoryOverhead default="CAPSNET_ND4J_OFFHEAP + 1g = ${EXEC_OVERHEAD_MIB}m"
    what="an executor's container"
  fi
  now="$(submit_conf "$setting")"
  FIX_LINE="YARN killed $what above its physical-memory limit${used:+ ($used)}: raise $setting"
  FIX_LINE+=" (${now:+now --conf $setting=$now before \"--\"; }the wrapper's default is $default)"
}

check_hadoop_conf
dry_run || check_resourcemanager
split_args "$@"
take_deploy_mode cluster
prepare_submit allow-maven-spark
submit_command --master yarn --deploy-mode "$DEPLOY_MODE" --num-executors "${CAPSNET_NUM_EXECUTORS:-2}" \
  --conf spark.yarn.maxAppAttempts=1
print_dry_run

# spark-submit's stderr is copied to a file the wrapper reads afterwards (stdout, the command's output in client
# mode, passes untouched). In client mode the driver is spark-submit's JVM and its exit code the driver's. In cluster
# mode spark-submit exits non-zero when the application FAILED, whatever the driver's exit code, which reaches us
# only through the diagnostics the application master reports: "exit N: capsnet: ..." (see
# org.capsnet.cli.YarnClusterDriver), or, when the driver stopped before its SparkContext started, the tail of its
# stderr with the "capsnet: ..." line. conf/log4j2.properties keeps spark-submit's YARN client at INFO (application
# id, state and diagnostics); SPARK_SUBMIT_OPTS points a real Spark installation's spark-submit at the same file.
export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} -Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties"
LOG="$(mktemp "${TMPDIR:-/tmp}/capsnet-submit.XXXXXX")"
trap 'rm -f "$LOG"' EXIT
set +e
show_command
{ "${SUBMIT_COMMAND[@]}" 2>&1 1>&3 3>&- | tee "$LOG" >&2 3>&-; RC=${PIPESTATUS[0]}; } 3>&1
set -e
APP="$(grep -o 'application_[0-9]*_[0-9]*' "$LOG" | head -n 1 || true)"
ME="$(basename "$0")"
if [[ $RC == 0 ]]; then
  [[ "$DEPLOY_MODE" == cluster ]] && echo "$ME: application ${APP:-?} SUCCEEDED" >&2
  exit 0
fi
yarn_failure
if [[ -n "$FIX_LINE" ]]; then # one line that names the setting; the logs above hold the rest
  echo "$ME: ${APP:+$APP: }$FIX_LINE" >&2
  exit "$FIX_CODE"
fi
[[ "$DEPLOY_MODE" == client ]] && exit "$RC" # the driver printed its "capsnet: ..." line
CODE=1
OUTCOME="$(grep -o 'exit [0-9]*: capsnet: .*' "$LOG" | head -n 1 || true)"
if [[ -n "$OUTCOME" ]]; then
  CODE="${OUTCOME#exit }" CODE="${CODE%%:*}"
  ERROR="${OUTCOME#exit *: }"
else
  ERROR="$(grep -m 1 '^capsnet: ' "$LOG" || true)"
  [[ -n "$ERROR" && "$ERROR" != "capsnet: internal error"* ]] && CODE=2
fi
[[ -n "$ERROR" ]] && echo "$ERROR" >&2
WHERE="the application master's log"
[[ -n "$APP" ]] && WHERE+=" (yarn logs -applicationId $APP)"
echo "$ME: application ${APP:-?} FAILED; the driver's output is in $WHERE" >&2
[[ "$CODE" == 2 ]] && exit 2
exit 1
