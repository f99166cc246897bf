package org.capsnet.train;

import org.capsnet.io.StoragePath;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory of per-epoch checkpoints ({@code checkpoint-epoch-0003.zip}), each a full model zip with the
 * optimiser state, written atomically, at a local path or a Hadoop FileSystem URI. Keeps the newest {@link #KEEP}.
 */
public final class Checkpoints {
    static final int KEEP = 2;
    private static final Pattern NAME = Pattern.compile("checkpoint-epoch-(\\d+)\\.zip");

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
        StoragePath file = dir.resolve(String.format("checkpoint-epoch-%04d.zip", provenance.epochsCompleted()));
        ModelFiles.save(graph, provenance, file, true);
        prune();
        return file;
    }

    /** The checkpoint with the most completed epochs, if any. */
    public Optional<StoragePath> latest() {
        List<StoragePath> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private List<StoragePath> list() {
        if (!dir.isDirectory()) {
            return List.of();
        }
        return dir.list().stream().filter(p -> NAME.matcher(p.fileName()).matches())
                .sorted(Comparator.comparingInt(Checkpoints::epochOf)).toList();
    }

    private static int epochOf(StoragePath p) {
        Matcher m = NAME.matcher(p.fileName());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private void prune() {
        List<StoragePath> all = list();
        for (int i = 0; i < all.size() - KEEP; i++) {
            all.get(i).delete();
        }
    }
}
