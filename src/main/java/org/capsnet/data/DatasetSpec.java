package org.capsnet.data;

import org.capsnet.InvalidInputException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link DataFetcher} downloads: the four standard file names, the mirrors to try in order (base URLs ending in
 * '/'), the SHA-256 of each full official file, and its official record count. Injectable for tests.
 */
public record DatasetSpec(String name, List<URI> mirrors, Map<String, String> sha256, Map<String, Integer> counts) {
    /** The four standard file names, in download order. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /** MNIST (LeCun, Cortes, Burges); checksums as published by torchvision and tensorflow-datasets. */
    public static final DatasetSpec MNIST = standard("mnist", List.of(
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
                    URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/")),
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    /** Fashion-MNIST (Zalando Research); the second mirror is the one Keras uses. */
    public static final DatasetSpec FASHION_MNIST = standard("fashion-mnist", List.of(
                    URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    URI.create("https://storage.googleapis.com/tensorflow/tf-keras-datasets/")),
            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");

    public DatasetSpec {
        mirrors = List.copyOf(mirrors);
        sha256 = Map.copyOf(sha256);
        counts = Map.copyOf(counts);
    }

    /** A spec with the standard file names and 60,000 / 10,000 records; checksums in {@link #FILES} order. */
    public static DatasetSpec standard(String name, List<URI> mirrors, String... sha256InFileOrder) {
        Map<String, String> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < FILES.size(); i++) {
            sums.put(FILES.get(i), sha256InFileOrder[i]);
            counts.put(FILES.get(i), FILES.get(i).startsWith("train") ? 60_000 : 10_000);
        }
        return new DatasetSpec(name, mirrors, sums, counts);
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
        return new DatasetSpec(name, otherMirrors, sha256, counts);
    }
}
