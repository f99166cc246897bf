# Sourced by submit/spark-submit-{standalone,yarn,k8s}.sh: builds the spark-submit command line shared by all
# cluster managers. Usage of the wrappers:
#   submit/spark-submit-<manager>.sh [SPARK-SUBMIT OPTIONS ... --] COMMAND [OPTIONS]
# e.g. submit/spark-submit-yarn.sh --queue ml -- train --data hdfs:///data/mnist --epochs 3
# Arguments before "--" go to spark-submit, the rest to org.capsnet.cli.CapsNetMain; without "--" all go to the
# application.
#
# Environment (defaults in brackets; see submit/README.md):
#   SPARK_HOME                    Spark 3.5 (Scala 2.12) installation whose bin/spark-submit is used; when unset,
#                                 the standalone and YARN wrappers run SparkSubmit from target/spark-home
#   CAPSNET_EXECUTOR_MEMORY [4g]  executor JVM heap (spark.executor.memory)
#   CAPSNET_ND4J_OFFHEAP    [6g]  ND4J off-heap limit per executor (javacpp maxbytes)
#   CAPSNET_EXECUTOR_CORES  [2]   cores per executor; one task per executor uses them all via OpenMP threads
#   CAPSNET_DRIVER_MEMORY   [4g]  driver heap;  CAPSNET_DRIVER_OFFHEAP [4g] driver ND4J off-heap limit
#   CAPSNET_SPARK_DEFAULTS        properties file [conf/spark-defaults.conf, else conf/spark-defaults.conf.template]
#   CAPSNET_JAR                   application jar [target/capsnet-spark-*-spark.jar, built if missing]
#   CAPSNET_DEPLOY_MODE           client or cluster (default per wrapper); "--deploy-mode MODE" before "--" also works
#   CAPSNET_DRY_RUN               when set (and not 0): print the spark-submit command line (and, for Kubernetes,
#                                 the pod settings) instead of running it; exit 0

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# "6g" -> 6144 (MiB); accepts k, m, g, t suffixes as Spark and javacpp do.
to_mib() {
  local v="${1,,}"
  case "$v" in
    *t) echo $(( ${v%t} * 1024 * 1024 )) ;;
    *g) echo $(( ${v%g} * 1024 )) ;;
    *m) echo $(( ${v%m} )) ;;
    *k) echo $(( ${v%k} / 1024 )) ;;
    *) die "memory size '$1' needs a unit (k, m, g or t)" ;;
  esac
}

# Spark's Java 17 module flags and the Vector API module (SIMD routing) on one line, from the java argument files
# in conf/.
java17_flags() {
  sed -e 's/#.*//' "$ROOT/conf/java17-add-opens.args" "$ROOT/conf/java17-simd.args" | tr -s ' \n' ' ' \
    | sed -e 's/^ //' -e 's/ $//'
}

# Splits "$@" at "--" into SUBMIT_ARGS (for spark-submit) and APP_ARGS (for the application).
split_args() {
  SUBMIT_ARGS=() APP_ARGS=()
  local seen=0 a
  for a in "$@"; do [[ "$a" == -- ]] && seen=1; done
  if [[ $seen == 0 ]]; then APP_ARGS=("$@"); return; fi
  while [[ $# -gt 0 && "$1" != -- ]]; do SUBMIT_ARGS+=("$1"); shift; done
  shift
  APP_ARGS=("$@")
}

# Takes "--deploy-mode MODE" (or --deploy-mode=MODE) out of SUBMIT_ARGS into DEPLOY_MODE; default: $1, or
# CAPSNET_DEPLOY_MODE when set.
take_deploy_mode() {
  DEPLOY_MODE="${CAPSNET_DEPLOY_MODE:-$1}"
  local rest=() i=0 n=${#SUBMIT_ARGS[@]}
  while (( i < n )); do
    case "${SUBMIT_ARGS[i]}" in
      --deploy-mode) DEPLOY_MODE="${SUBMIT_ARGS[i+1]:-}"; i=$((i + 2)) ;;
      --deploy-mode=*) DEPLOY_MODE="${SUBMIT_ARGS[i]#--deploy-mode=}"; i=$((i + 1)) ;;
      *) rest+=("${SUBMIT_ARGS[i]}"); i=$((i + 1)) ;;
    esac
  done
  SUBMIT_ARGS=("${rest[@]}")
  [[ "$DEPLOY_MODE" == client || "$DEPLOY_MODE" == cluster ]] \
    || die "--deploy-mode must be client or cluster, not '$DEPLOY_MODE'"
}

dry_run() { [[ -n "${CAPSNET_DRY_RUN:-}" && "$CAPSNET_DRY_RUN" != 0 ]]; }

# Fills SPARK_SUBMIT (the command) and COMMON_CONF (the --properties-file, --conf and --class arguments), and the
# numbers they were made from: EXEC_HEAP_MIB, EXEC_OVERHEAD_MIB, DRIVER_HEAP_MIB, DRIVER_OVERHEAD_MIB, EXEC_CORES.
# With "allow-maven-spark" and SPARK_HOME unset, runs SparkSubmit from target/spark-home (Maven jars) instead.
prepare_submit() {
  local exec_mem="${CAPSNET_EXECUTOR_MEMORY:-4g}" exec_off="${CAPSNET_ND4J_OFFHEAP:-6g}"
  local cores="${CAPSNET_EXECUTOR_CORES:-2}"
  local drv_mem="${CAPSNET_DRIVER_MEMORY:-4g}" drv_off="${CAPSNET_DRIVER_OFFHEAP:-4g}"
  local exec_heap_mib exec_off_mib drv_heap_mib drv_off_mib defaults flags confdirs=""
  exec_heap_mib=$(to_mib "$exec_mem"); exec_off_mib=$(to_mib "$exec_off")
  drv_heap_mib=$(to_mib "$drv_mem"); drv_off_mib=$(to_mib "$drv_off")
  EXEC_HEAP_MIB=$exec_heap_mib EXEC_OVERHEAD_MIB=$(( exec_off_mib + 1024 )) EXEC_CORES=$cores
  DRIVER_HEAP_MIB=$drv_heap_mib DRIVER_OVERHEAD_MIB=$(( drv_off_mib + 1024 ))

  if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
    SPARK_SUBMIT=("$SPARK_HOME/bin/spark-submit")
  elif [[ "${1:-}" == allow-maven-spark && -z "${SPARK_HOME:-}" && -f "$ROOT/target/spark-home/RELEASE" ]]; then
    # No Spark install: SparkSubmit from the Maven jars (target/spark-home); in client mode the driver runs in this
    # JVM. Like bin/spark-submit, put the Hadoop/YARN configuration directories first on the classpath.
    export SPARK_HOME="$ROOT/target/spark-home" SPARK_SCALA_VERSION=2.12
    [[ -n "${HADOOP_CONF_DIR:-}" ]] && confdirs+="$HADOOP_CONF_DIR:"
    [[ -n "${YARN_CONF_DIR:-}" ]] && confdirs+="$YARN_CONF_DIR:"
    # shellcheck disable=SC2206
    SPARK_SUBMIT=("${JAVA_HOME:+$JAVA_HOME/bin/}java" "-Xmx${drv_heap_mib}m" $(java17_flags)
      "-Dorg.bytedeco.javacpp.maxbytes=${drv_off_mib}m"
      "-Dorg.bytedeco.javacpp.maxphysicalbytes=$(( drv_heap_mib + drv_off_mib + 1024 ))m"
      "-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties"
      -cp "$confdirs$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit)
  elif dry_run; then
    SPARK_SUBMIT=("${SPARK_HOME:-\$SPARK_HOME}/bin/spark-submit")
  else
    die "set SPARK_HOME to a Spark 3.5 (Scala 2.12) installation; \$SPARK_HOME/bin/spark-submit not found"
  fi

  APP_JAR="${CAPSNET_JAR:-}"
  if [[ -z "$APP_JAR" ]]; then
    APP_JAR="$(compgen -G "$ROOT/target/capsnet-spark-*-spark.jar" | head -n 1 || true)"
    if [[ -z "$APP_JAR" ]] && dry_run; then
      APP_JAR="$ROOT/target/capsnet-spark-VERSION-spark.jar" # not built yet; a real run builds it
    elif [[ -z "$APP_JAR" ]]; then
      (cd "$ROOT" && mvn -q -B -DskipTests package) >&2 || die "mvn package failed"
      APP_JAR="$(compgen -G "$ROOT/target/capsnet-spark-*-spark.jar" | head -n 1)"
    fi
  fi

  defaults="${CAPSNET_SPARK_DEFAULTS:-}"
  if [[ -z "$defaults" ]]; then
    defaults="$ROOT/conf/spark-defaults.conf"
    [[ -f "$defaults" ]] || defaults="$ROOT/conf/spark-defaults.conf.template"
  fi
  [[ -f "$defaults" ]] || die "Spark properties file $defaults not found"

  flags="$(java17_flags)"
  # ND4J allocates its arrays off the Java heap: javacpp refuses allocations beyond maxbytes (off-heap) and
  # beyond maxphysicalbytes (whole process RSS). The container/executor limit must hold heap + off-heap + JVM
  # overhead, so memoryOverhead = off-heap + 1 GiB (metaspace, threads, OpenBLAS buffers, netty).
  COMMON_CONF=(
    --properties-file "$defaults"
    --conf "spark.executor.memory=${exec_heap_mib}m"
    --conf "spark.executor.memoryOverhead=$(( exec_off_mib + 1024 ))m"
    --conf "spark.executor.cores=$cores"
    --conf "spark.task.cpus=$cores"
    --conf "spark.executorEnv.OMP_NUM_THREADS=$cores"
    --conf "spark.executor.extraJavaOptions=$flags -Dorg.bytedeco.javacpp.maxbytes=${exec_off_mib}m -Dorg.bytedeco.javacpp.maxphysicalbytes=$(( exec_heap_mib + exec_off_mib + 1024 ))m ${CAPSNET_EXECUTOR_JAVA_OPTS:-}"
    --conf "spark.driver.memory=${drv_heap_mib}m"
    --conf "spark.driver.memoryOverhead=$(( drv_off_mib + 1024 ))m"
    --conf "spark.driver.extraJavaOptions=$flags -Dorg.bytedeco.javacpp.maxbytes=${drv_off_mib}m -Dorg.bytedeco.javacpp.maxphysicalbytes=$(( drv_heap_mib + drv_off_mib + 1024 ))m ${CAPSNET_DRIVER_JAVA_OPTS:-}"
    --class org.capsnet.cli.CapsNetMain
  )
}

# The full command line: SPARK_SUBMIT, the manager-specific args given, COMMON_CONF, SUBMIT_ARGS (after the
# wrapper's settings, so the user's --conf wins), the jar and the application's arguments. Fills SUBMIT_COMMAND.
submit_command() { # manager-specific args...
  SUBMIT_COMMAND=("${SPARK_SUBMIT[@]}" "$@" "${COMMON_CONF[@]}" "${SUBMIT_ARGS[@]}" "$APP_JAR" "${APP_ARGS[@]}")
}

# With CAPSNET_DRY_RUN: prints SUBMIT_COMMAND on stdout as a shell command, one option with its value per line,
# then whatever the wrapper's dry_run_details function prints (when defined), and exits 0.
print_dry_run() {
  dry_run || return 0
  local a i n=${#SUBMIT_COMMAND[@]} line bare=0
  echo "# spark-submit command line (CAPSNET_DRY_RUN is set: printed, not run)"
  line="$(printf '%q' "${SUBMIT_COMMAND[0]}")"
  [[ "${SUBMIT_COMMAND[0]}" == '$SPARK_HOME/'* ]] && line="\"${SUBMIT_COMMAND[0]}\"" # SPARK_HOME unset: left to the shell
  for (( i = 1; i < n; i++ )); do
    a="${SUBMIT_COMMAND[i]}"
    if [[ $bare == 1 && "$a" != --* ]]; then # an option's value joins it on its line
      line+=" $(printf '%q' "$a")"
      bare=0
      continue
    fi
    printf '%s \\\n' "$line"
    line="  $(printf '%q' "$a")"
    if [[ "$a" == --* ]]; then bare=1; else bare=0; fi
  done
  printf '%s\n' "$line"
  if declare -F dry_run_details >/dev/null; then dry_run_details; fi
  exit 0
}

# Prints SUBMIT_COMMAND to stderr before it runs, as `set -x` would, but with the value of every KEY=VALUE whose
# key names a secret, password, token or credential (e.g. --conf spark.authenticate.secret=...) shown as ***.
show_command() {
  local a out="+"
  for a in "${SUBMIT_COMMAND[@]}"; do out+=" $(printf '%q' "$a")"; done
  sed -E 's/([A-Za-z0-9_.-]*(secret|password|passwd|token|credential)[A-Za-z0-9_.-]*=)[^ "]*/\1***/Ig' <<<"$out" >&2
}

run_submit() { # manager-specific args...
  submit_command "$@"
  print_dry_run
  show_command
  exec "${SUBMIT_COMMAND[@]}"
}
