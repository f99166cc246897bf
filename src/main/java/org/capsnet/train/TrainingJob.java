package org.capsnet.train;

import org.capsnet.InvalidInputException;
import org.capsnet.data.DatasetLoader;
import org.capsnet.data.LabelledImages;
import org.capsnet.data.Split;
import org.capsnet.io.StoragePath;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One training run from files to a saved model: loads the splits, creates the network or resumes it from the
 * newest checkpoint, runs the {@link TrainingLoop} with the given way of fitting an epoch, and saves the model
 * (atomically) with its provenance.
 */
public final class TrainingJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    /**
     * Where the data and the outputs are, each a local path or a Hadoop FileSystem URI. Null outputs are not
     * written.
     */
    public record Paths(StoragePath data, StoragePath modelOut, StoragePath checkpointDir, StoragePath metricsOut,
                        boolean resume) {
        /** All on the local disk. */
        public Paths(Path data, Path modelOut, Path checkpointDir, Path metricsOut, boolean resume) {
            this(StoragePath.localOrNull(data), StoragePath.localOrNull(modelOut),
                    StoragePath.localOrNull(checkpointDir), StoragePath.localOrNull(metricsOut), resume);
        }

        /**
         * Fails early (before any training) with a bad-input error naming the path when an output cannot be
         * written: a permission error, a file where a directory should be, an unknown file system.
         */
        public void checkOutputsWritable() {
            if (modelOut != null) {
                modelOut.checkWritable();
            }
            if (checkpointDir != null) {
                checkpointDir.resolve(".capsnet-probe").checkWritable();
            }
            if (metricsOut != null) {
                metricsOut.checkWritable();
            }
        }
    }

    private final NetworkArchitecture archTemplate;
    private final TrainingConfig config;
    private final Paths paths;
    private final String trainerName;

    /** {@code archTemplate}: the architecture; its input size and digits per image are taken from the data. */
    public TrainingJob(NetworkArchitecture archTemplate, TrainingConfig config, Paths paths, String trainerName) {
        this.archTemplate = archTemplate;
        this.config = config;
        this.paths = paths;
        this.trainerName = trainerName;
        if (paths.resume() && paths.checkpointDir() == null) {
            throw new InvalidInputException("--resume needs --checkpoint-dir");
        }
    }

    /**
     * Runs the job. {@code fitterFactory} makes the epoch fitter from the loaded training split (local or Spark).
     */
    public TrainingLoop.Result run(BiFunction<NetworkArchitecture, LabelledImages, EpochFitter> fitterFactory,
            ProgressBar progress) {
        paths.checkOutputsWritable();
        LabelledImages train = DatasetLoader.load(paths.data(), Split.TRAIN);
        LabelledImages test = hasTestSplit(paths.data()) ? DatasetLoader.load(paths.data(), Split.TEST) : null;
        NetworkArchitecture arch = architectureFor(train);
        if (train.sources() != null && config.maxShift() > 0) {
            LOG.info("MultiMNIST data: no random shift (the generator already shifted each digit; --shift {} unused)",
                    config.maxShift());
        }
        Map<String, String> checksums = new LinkedHashMap<>(train.sha256());
        if (test != null) {
            checksums.putAll(test.sha256());
        }

        Checkpoints checkpoints = paths.checkpointDir() == null ? null : new Checkpoints(paths.checkpointDir());
        ComputationGraph graph;
        ModelProvenance provenance;
        int startEpoch = 0;
        Optional<StoragePath> latest = paths.resume() ? checkpoints.latest() : Optional.empty();
        if (latest.isPresent()) {
            ModelFiles.SavedModel saved = ModelFiles.load(latest.get(), true);
            graph = saved.graph();
            provenance = saved.provenance();
            startEpoch = provenance.epochsCompleted();
            LOG.info("resuming from {} ({} epochs done)", latest.get(), startEpoch);
        } else {
            if (paths.resume()) {
                LOG.info("no checkpoint in {}: starting from scratch", paths.checkpointDir());
            }
            graph = arch.create(Optimizers.adam(config), config.seed(), DataType.FLOAT);
            provenance = ModelProvenance.of(arch, config, paths.data().toString(), checksums, trainerName);
        }
        LOG.info("{} parameters; {}; {}", graph.numParams(), arch, config);

        MetricsLog metrics = paths.metricsOut() == null ? null : new MetricsLog(paths.metricsOut());
        try {
            TrainingLoop loop = new TrainingLoop(arch, config, fitterFactory.apply(arch, train), train.size(), test,
                    checkpoints, metrics, progress);
            TrainingLoop.Result result = loop.run(graph, provenance, startEpoch);
            if (paths.modelOut() != null) {
                ModelFiles.save(graph, result.provenance(), paths.modelOut(), true);
                LOG.info("model saved to {}", paths.modelOut());
            }
            return result;
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    private NetworkArchitecture architectureFor(LabelledImages train) {
        if (train.height() != train.width()) {
            throw new InvalidInputException("--data " + paths.data() + " holds " + train.height() + "x"
                    + train.width() + " images; the networks here take square images");
        }
        int digits = train.size() == 0 ? 1 : train.labels()[0].length;
        return archTemplate.withInputSize(train.height()).withDigitsPerImage(digits);
    }

    /** Whether {@code dir} holds a test split (t10k-* files) to evaluate on after every epoch. */
    public static boolean hasTestSplit(StoragePath dir) {
        return dir.isDirectory() && dir.list().stream().anyMatch(p -> p.fileName().startsWith(Split.TEST.prefix()));
    }
}
