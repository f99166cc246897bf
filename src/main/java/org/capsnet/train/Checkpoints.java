package org.capsnet.train;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A directory of checkpoints, each a full model zip with the optimiser state and the training position, written
 * atomically, at a local path or a Hadoop FileSystem URI: {@code checkpoint-epoch-0003.zip} after three whole
 * epochs, {@code checkpoint-epoch-0003-round-000040.zip} after 40 rounds of the fourth. Keeps the newest
 * {@link #KEEP}.
 */
public final class Checkpoints {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Checkpoints.class);
    static final int KEEP = 2;
    private static final Pattern NAME = Pattern.compile("checkpoint-epoch-(\\d+)(?:-round-(\\d+))?\\.zip");

    private final StoragePath dir;

    public Checkpoints(StoragePath dir) {
        this.dir = dir;
    }

    public Checkpoints(Path dir) {
        this(StoragePath.local(dir));
    }

    public StoragePath directory() {
        return dir;
    }

    public StoragePath save(ComputationGraph graph, ModelProvenance provenance) {
        String name = provenance.roundsCompleted() == 0
                ? String.format("checkpoint-epoch-%04d.zip", provenance.epochsCompleted())
                : String.format(
                        "checkpoint-epoch-%04d-round-%06d.zip",
                        provenance.epochsCompleted(), provenance.roundsCompleted());
        StoragePath file = dir.resolve(name);
        ModelFiles.save(graph, provenance, file, true);
        prune();
        return file;
    }

    /** A checkpoint read back: where it was and what it holds. */
    public record Loaded(StoragePath file, ModelFiles.SavedModel saved) {}

    /**
     * The newest checkpoint that reads back whole. A newer one that does not (a disk filled during its write, a
     * copy cut short) is skipped with a warning naming both files; when none reads, the newest one's error.
     */
    public Optional<Loaded> loadNewestReadable() {
        List<StoragePath> all = list();
        InvalidInputException newestError = null;
        StoragePath newest = null;
        for (int i = all.size() - 1; i >= 0; i--) {
            StoragePath file = all.get(i);
            try {
                Loaded loaded = new Loaded(file, ModelFiles.load(file, true));
                if (newest != null) {
                    LOG.warn(
                            "the newest checkpoint {} cannot be read ({}); resuming from the older {}",
                            newest,
                            newestError.getMessage(),
                            file);
                }
                return Optional.of(loaded);
            } catch (InvalidInputException e) {
                if (newest == null) {
                    newest = file;
                    newestError = e;
                }
            }
        }
        if (newestError != null) {
            throw newestError;
        }
        return Optional.empty();
    }

    /** The checkpoint furthest into training, if any. */
    public Optional<StoragePath> latest() {
        List<StoragePath> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private List<StoragePath> list() {
        if (!dir.isDirectory()) {
            return List.of();
        }
        return dir.list().stream()
                .filter(p -> NAME.matcher(p.fileName()).matches())
                .sorted(Comparator.comparingLong(Checkpoints::positionOf))
                .toList();
    }

    /** Epochs then rounds, as one sortable number. */
    private static long positionOf(StoragePath p) {
        Matcher m = NAME.matcher(p.fileName());
        if (!m.matches()) {
            return -1;
        }
        long rounds = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return Long.parseLong(m.group(1)) * 1_000_000_000L + rounds;
    }

    private void prune() {
        List<StoragePath> all = list();
        for (int i = 0; i < all.size() - KEEP; i++) {
            all.get(i).delete();
        }
    }
}
