package org.capsnet.data;

import java.util.Map;
import org.capsnet.io.StoragePath;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MultiMNIST generated on the fly from the single-digit split in {@code source}: example id p is pair
 * {@code p % K} of source digit {@code p / K} (K = pairs per digit), exactly the record {@code data multimnist}
 * writes at position p for the same settings. Nothing is materialised: a reader holds the source digits
 * (47 MB for MNIST's training split) and renders each pair when it is read.
 */
public record GeneratedPairs(
        StoragePath source, Split split, MultiMnistConfig config, int sourceDigits, int sourceHeight, int sourceWidth)
        implements ExampleSet {

    @Override
    public long size() {
        return (long) sourceDigits * config.pairsPerDigit();
    }

    @Override
    public int height() {
        return sourceHeight + 2 * config.pad();
    }

    @Override
    public int width() {
        return sourceWidth + 2 * config.pad();
    }

    @Override
    public int digitsPerImage() {
        return 2;
    }

    /** Round robin over the source digits: the first 10,000 of MNIST's test pairs are pair 0 of every digit. */
    @Override
    public long evaluationId(long q) {
        return (q % sourceDigits) * config.pairsPerDigit() + q / sourceDigits;
    }

    @Override
    public Map<String, String> sha256() {
        return DatasetLoader.hashes(source, split);
    }

    @Override
    public ExampleReader open() {
        SourceDigits digits = SourceDigits.load(source, split);
        PairSampler sampler = new PairSampler(
                MultiMnistGenerator.labels(digits), config.pairsPerDigit(), config.shift(), config.seed(), split);
        return new Reader(digits, sampler, new PairRenderer(digits, config.pad()));
    }

    /** Renders the pairs asked for; stateless apart from the read-only digits, so safe for concurrent tasks. */
    private record Reader(SourceDigits digits, PairSampler sampler, PairRenderer renderer) implements ExampleReader {
        @Override
        public LabelledImages read(long[] ids) {
            int area = renderer.canvasHeight() * renderer.canvasWidth();
            int b = ids.length;
            byte[] merged = new byte[area];
            byte[] sources = new byte[2 * area];
            float[] images = new float[b * area];
            float[] src = new float[b * 2 * area];
            int[][] labels = new int[b][];
            int k = sampler.pairsPerDigit();
            for (int r = 0; r < b; r++) {
                PairSpec pair = sampler.pairFor(Math.toIntExact(ids[r] / k), (int) (ids[r] % k));
                renderer.render(pair, merged, sources);
                StoredExamples.toFloats(merged, 0, images, r * area, area);
                StoredExamples.toFloats(sources, 0, src, r * 2 * area, 2 * area);
                labels[r] = new int[] {digits.label(pair.first()), digits.label(pair.second())};
            }
            return new LabelledImages(
                    Nd4j.createFromArray(images).reshape('c', b, area),
                    renderer.canvasHeight(),
                    renderer.canvasWidth(),
                    labels,
                    Nd4j.createFromArray(src).reshape('c', b, 2L * area),
                    Map.of());
        }
    }
}
