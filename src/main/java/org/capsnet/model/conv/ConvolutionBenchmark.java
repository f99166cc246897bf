package org.capsnet.model.conv;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times {@link ConvolutionNhwc} on the CapsNet shapes (float32) and a plain sgemm of the same size.
 *
 * <p>Usage: {@code java -cp ... org.capsnet.model.conv.ConvolutionBenchmark [batch=32] [repetitions=7]}. Prints best
 * and median milliseconds per call and GFLOPS at the best time. Never asserts anything: timings on a shared 2-core
 * machine are noisy.
 */
public final class ConvolutionBenchmark {

    private ConvolutionBenchmark() {}

    public static void main(String[] args) {
        NativeEnvironment.configure(); // before the first ND4J use
        String coreType = OpenBlasCoreType.choice().value();
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        System.out.printf(
                Locale.ROOT,
                "OPENBLAS_CORETYPE=%s, ND4J %s, load average %.1f%n",
                coreType,
                Nd4j.getExecutioner().getEnvironmentInformation(),
                OS.getSystemLoadAverage());

        Shape primary = new Shape("PrimaryCaps", 9, 2, 20, 20, 256, 256, true);
        Shape conv1 = new Shape("Conv1", 9, 1, 28, 28, 1, 256, false);
        for (Shape s : new Shape[] {primary, conv1}) {
            sgemm(s, batch, reps);
            run(s, batch, reps);
        }
    }

    private record Shape(String name, int kernel, int stride, int h, int w, int c, int k, boolean inputGradient) {}

    private static void sgemm(Shape s, int batch, int reps) {
        ConvolutionNhwc conv = new ConvolutionNhwc(s.kernel, s.stride, s.h, s.w, s.c, s.k);
        long rows = (long) batch * conv.outHeight() * conv.outWidth();
        INDArray a = Nd4j.rand(DataType.FLOAT, rows, conv.weightRows());
        INDArray b = Nd4j.rand(DataType.FLOAT, conv.weightRows(), s.k);
        INDArray c = Nd4j.create(DataType.FLOAT, rows, s.k);
        double flops = conv.forwardFlops(batch);
        report(
                s.name + " plain sgemm [" + rows + "x" + conv.weightRows() + "]x[" + conv.weightRows() + "x" + s.k
                        + "]",
                flops,
                time(reps, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0)));
    }

    private static void run(Shape s, int batch, int reps) {
        ConvolutionNhwc conv = new ConvolutionNhwc(s.kernel, s.stride, s.h, s.w, s.c, s.k);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, (long) s.h * s.w * s.c);
        INDArray wt = Nd4j.rand(DataType.FLOAT, conv.weightRows(), s.k).subi(0.5);
        INDArray bias = Nd4j.rand(DataType.FLOAT, 1, s.k);
        INDArray gw = Nd4j.create(DataType.FLOAT, new long[] {conv.weightRows(), s.k}, 'f');
        INDArray gb = Nd4j.create(DataType.FLOAT, 1, s.k);
        INDArray gOut = Nd4j.rand(DataType.FLOAT, batch, (long) conv.outHeight() * conv.outWidth() * s.k);
        double fwd = conv.forwardFlops(batch);
        double bwd = fwd * (s.inputGradient ? 2 : 1);
        String tag = s.name + " B=" + batch;

        INDArray colsBuf =
                Nd4j.create(DataType.FLOAT, (long) batch * conv.outHeight() * conv.outWidth(), conv.weightRows());
        report(tag + " im2col only", 0, time(reps, () -> conv.im2col(x, colsBuf)));
        INDArray g2 = gOut.reshape(colsBuf.size(0), s.k);
        report(
                tag + " gemm dW = cols^T x dOut only",
                fwd,
                time(reps, () -> Nd4j.gemm(colsBuf, g2, gw, true, false, 1.0, 0.0)));
        if (s.inputGradient) {
            INDArray dCols = Nd4j.create(DataType.FLOAT, colsBuf.shape());
            report(
                    tag + " gemm dCols = dOut x W^T only",
                    fwd,
                    time(reps, () -> Nd4j.gemm(g2, wt, dCols, false, true, 1.0, 0.0)));
        }
        if (s.inputGradient) {
            INDArray img = Nd4j.create(DataType.FLOAT, batch, (long) s.h * s.w * s.c);
            report(tag + " col2im only", 0, time(reps, () -> conv.col2im(colsBuf, img)));
        }
        double[] f = time(reps, () -> conv.forward(x, wt, bias));
        report(tag + " forward", fwd, f);
        double[] b = time(reps, () -> {
            conv.forward(x, wt, bias);
            conv.backward(gOut, gw, gb, s.inputGradient);
        });
        double[] bOnly = {b[0] - f[0], b[1] - f[1], b[2] - f[2]};
        report(tag + " backward (fwd+bwd minus fwd)", bwd, bOnly);
        report(tag + " forward+backward", fwd + bwd, b);
    }

    /**
     * Returns {best wall ms, median wall ms, median process-CPU ms / threads}. The last approximates the wall time on an
     * otherwise idle machine (it counts the 2 BLAS/OpenMP threads' work, not the time they wait for the CPU), at the
     * OS's 10 ms accounting granularity; it is inflated by any spin-waiting.
     */
    private static double[] time(int reps, Runnable r) {
        for (int i = 0; i < 2; i++) {
            r.run();
        }
        double[] t = new double[reps];
        double[] cpu = new double[reps];
        int threads = Math.max(1, Nd4j.getEnvironment().maxThreads());
        for (int i = 0; i < reps; i++) {
            long cpu0 = OS.getProcessCpuTime();
            long start = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - start) / 1e6;
            cpu[i] = (OS.getProcessCpuTime() - cpu0) / 1e6 / threads;
        }
        Arrays.sort(t);
        Arrays.sort(cpu);
        return new double[] {t[0], t[reps / 2], cpu[reps / 2]};
    }

    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static void report(String what, double flops, double[] ms) {
        String rate = flops > 0
                ? String.format(
                        Locale.ROOT,
                        "  %6.1f GFLOPS (%6.1f by cpu/threads)",
                        flops / ms[0] / 1e6,
                        flops / Math.max(ms[2], 1e-3) / 1e6)
                : "";
        System.out.printf(
                Locale.ROOT,
                "%-48s best %7.1f ms  median %7.1f ms  cpu/threads %6.1f ms%s%n",
                what,
                ms[0],
                ms[1],
                ms[2],
                rate);
    }
}
