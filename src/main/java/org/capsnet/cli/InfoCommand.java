package org.capsnet.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.bytedeco.javacpp.Pointer;
import org.capsnet.model.conv.BlasInfo;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capsnet info}: versions and threads, and one small ND4J matrix product, which proves that the launcher's
 * classpath (or the shaded jar's merged service files) lets ND4J find its native backend. With --master it also
 * starts Spark and runs that op on the executors, which proves a cluster can run the project's code.
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Print versions (project, Java, Spark, ND4J backend) and thread counts; runs one ND4J op.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Also start Spark on this master (local[2], spark://HOST:PORT, yarn) and run the ND4J op "
                    + "in one task per partition, on the executors.")
    private String master;

    @Option(names = "--partitions", defaultValue = "2", description = "Tasks for --master (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime runtime = Runtime.getRuntime();
        out.printf("capsnet       %s%n", projectVersion());
        out.printf("java          %s (%s)%n", System.getProperty("java.version"), System.getProperty("java.home"));
        out.printf("spark         %s%n", sparkVersion());
        out.printf("hadoop        %s%n", hadoopClient());
        INDArray product = Nd4j.ones(2, 3).mmul(Nd4j.ones(3, 2));
        boolean ok = product.sumNumber().doubleValue() == 12.0;
        out.printf(
                "nd4j backend  %s, blas %s, 2x3.3x2 matmul %s%n",
                Nd4j.getBackend().getClass().getSimpleName(),
                Nd4j.factory().blas().getBlasVendor(),
                ok ? "ok" : "FAILED");
        BlasInfo blas = BlasInfo.current();
        out.printf("blas library  %s; kernels %s; core type %s%n", blas.library(), blas.core(), blas.coreTypeChoice());
        out.printf(
                "cpu           %s; convolution %s; OMP_WAIT_POLICY %s; OPENBLAS_THREAD_TIMEOUT %s%n",
                blas.cpuModel(), blas.convolution(), blas.openMpWaitPolicy(), blas.blasThreadTimeout());
        out.printf(
                "threads       cpus=%d nd4j.maxThreads=%d nd4j.maxMasterThreads=%d OMP_NUM_THREADS=%s%n",
                runtime.availableProcessors(),
                Nd4j.getEnvironment().maxThreads(),
                Nd4j.getEnvironment().maxMasterThreads(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        out.printf(
                "memory        heap max=%d MiB, javacpp maxBytes=%d MiB maxPhysicalBytes=%d MiB%n",
                runtime.maxMemory() >> 20, Pointer.maxBytes() >> 20, Pointer.maxPhysicalBytes() >> 20);
        if (master != null) {
            ok &= probeExecutors(out);
        }
        out.flush();
        return ok ? CapsNetMain.EXIT_OK : CapsNetMain.EXIT_INTERNAL;
    }

    private boolean probeExecutors(PrintWriter out) {
        SparkConf conf = new SparkConf().setAppName("capsnet info").setMaster(master);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<String> replies = sc.parallelize(
                            IntStream.range(0, partitions).boxed().toList(), partitions)
                    .map(new Nd4jProbe())
                    .collect();
            replies.forEach(reply -> out.printf("executor      %s%n", reply));
            return replies.stream().allMatch(reply -> reply.endsWith(" ok"));
        }
    }

    /** Runs on an executor: which host and backend, and whether a tiny matrix product is right. */
    static final class Nd4jProbe implements Function<Integer, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Integer task) throws Exception {
            double sum = Nd4j.ones(2, 3).mmul(Nd4j.ones(3, 2)).sumNumber().doubleValue();
            return String.format(
                    "task %d on %s: %s, %d cpus, OMP_NUM_THREADS=%s, javacpp maxBytes=%d MiB, matmul %s",
                    task,
                    InetAddress.getLocalHost().getHostName(),
                    Nd4j.getBackend().getClass().getSimpleName(),
                    Runtime.getRuntime().availableProcessors(),
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                    Pointer.maxBytes() >> 20,
                    sum == 12.0 ? "ok" : "FAILED");
        }
    }

    static String projectVersion() {
        return org.capsnet.BuildInfo.projectVersion();
    }

    /** The Hadoop client version and the default file system that plain URIs like hdfs:///x resolve against. */
    private static String hadoopClient() {
        try {
            return "client " + org.apache.hadoop.util.VersionInfo.getVersion() + ", fs.defaultFS "
                    + org.capsnet.io.HadoopConf.get().get("fs.defaultFS") + " (paths without a scheme are local)";
        } catch (LinkageError e) {
            return "not on the classpath (only local paths work)";
        }
    }

    private static String sparkVersion() {
        try {
            Package p = Class.forName("org.apache.spark.SparkContext").getPackage();
            String v = p.getImplementationVersion();
            return v == null ? "on classpath (version unknown)" : v;
        } catch (ClassNotFoundException e) {
            return "not on the classpath";
        }
    }
}
