package org.capsnet.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of per-epoch checkpoints ({@code checkpoint-epoch-0003.zip}), each a full model zip with the
 * optimiser state, written atomically. Keeps the newest {@link #KEEP}.
 */
public final class Checkpoints {
    static final int KEEP = 2;
    private static final Pattern NAME = Pattern.compile("checkpoint-epoch-(\\d+)\\.zip");

    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    public Path save(ComputationGraph graph, ModelProvenance provenance) {
        Path file = dir.resolve(String.format("checkpoint-epoch-%04d.zip", provenance.epochsCompleted()));
        ModelFiles.save(graph, provenance, file, true);
        prune();
        return file;
    }

    /** The checkpoint with the most completed epochs, if any. */
    public Optional<Path> latest() {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = new ArrayList<>();
            files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(found::add);
            found.sort(Comparator.comparingInt(Checkpoints::epochOf));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    private static int epochOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private void prune() {
        List<Path> all = list();
        for (int i = 0; i < all.size() - KEEP; i++) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete old checkpoint " + all.get(i), e);
            }
        }
    }
}
