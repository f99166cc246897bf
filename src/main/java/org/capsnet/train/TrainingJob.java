package org.capsnet.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.capsnet.InvalidSettingException;
import org.capsnet.data.DataSource;
import org.capsnet.data.ExampleSet;
import org.capsnet.io.StoragePath;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run from files to a saved model: describes the splits (from the files' headers only: the images are
 * read where the training runs), creates the network or resumes it from the newest checkpoint, runs the
 * {@link TrainingLoop} with the given way of fitting, and saves the model (atomically) with its provenance.
 */
public final class TrainingJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    /** Makes the fitter of a run from its architecture and its splits (test may be null). */
    @FunctionalInterface
    public interface FitterFactory {
        EpochFitter create(NetworkArchitecture arch, DataSource data, ExampleSet train, ExampleSet test);
    }

    /**
     * Where the data and the outputs are, each a local path or a Hadoop FileSystem URI. Null outputs are not
     * written.
     */
    public record Paths(
            DataSource data, StoragePath modelOut, StoragePath checkpointDir, StoragePath metricsOut, boolean resume) {
        /** The data directory as it is. */
        public Paths(
                StoragePath data,
                StoragePath modelOut,
                StoragePath checkpointDir,
                StoragePath metricsOut,
                boolean resume) {
            this(DataSource.of(data), modelOut, checkpointDir, metricsOut, resume);
        }

        /** All on the local disk. */
        public Paths(Path data, Path modelOut, Path checkpointDir, Path metricsOut, boolean resume) {
            this(
                    StoragePath.localOrNull(data),
                    StoragePath.localOrNull(modelOut),
                    StoragePath.localOrNull(checkpointDir),
                    StoragePath.localOrNull(metricsOut),
                    resume);
        }

        /**
         * Fails early (before any training) with a bad-input error naming the path when an output cannot be
         * written: a permission error, a file where a directory should be, an unknown file system.
         */
        public void checkOutputsWritable() {
            if (modelOut != null && metricsOut != null && modelOut.sameFileAs(metricsOut)) {
                throw new InvalidSettingException("{metricsOut} " + metricsOut + " is the same file as {modelOut}: "
                        + "the model would overwrite the metrics");
            }
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
    private final CheckpointPolicy policy;
    private final String trainerName;

    /** {@code archTemplate}: the architecture; its input size and digits per image are taken from the data. */
    public TrainingJob(
            NetworkArchitecture archTemplate,
            TrainingConfig config,
            Paths paths,
            CheckpointPolicy policy,
            String trainerName) {
        this.archTemplate = archTemplate;
        this.config = config;
        this.paths = paths;
        this.policy = policy;
        this.trainerName = trainerName;
        if (paths.resume() && paths.checkpointDir() == null) {
            throw new InvalidSettingException("{resume} needs {checkpointDir}");
        }
    }

    public TrainingJob(NetworkArchitecture archTemplate, TrainingConfig config, Paths paths, String trainerName) {
        this(archTemplate, config, paths, CheckpointPolicy.END_OF_EPOCH, trainerName);
    }

    /** Runs the job with the fitter that {@code fitters} makes (local or Spark). */
    public TrainingLoop.Result run(FitterFactory fitters, ProgressBar progress) {
        paths.checkOutputsWritable();
        ExampleSet train = paths.data().train();
        ExampleSet test = paths.data().test();
        NetworkArchitecture arch = architectureFor(train, test);
        if (train.digitsPerImage() == 2 && config.maxShift() > 0) {
            LOG.info(
                    "MultiMNIST data: no random shift (the generator already shifted each digit; --shift {} unused)",
                    config.maxShift());
        }

        Checkpoints checkpoints = paths.checkpointDir() == null ? null : new Checkpoints(paths.checkpointDir());
        ComputationGraph graph;
        ModelProvenance provenance;
        Optional<Checkpoints.Loaded> latest = paths.resume() ? checkpoints.loadNewestReadable() : Optional.empty();
        if (latest.isPresent()) {
            graph = latest.get().saved().graph();
            provenance = latest.get().saved().provenance();
            checkResumable(latest.get().file(), provenance, arch);
            LOG.info(
                    "resuming from {} ({} epochs and {} rounds done)",
                    latest.get().file(),
                    provenance.epochsCompleted(),
                    provenance.roundsCompleted());
        } else {
            if (paths.resume()) {
                LOG.info("no checkpoint in {}: starting from scratch", paths.checkpointDir());
            }
            graph = arch.create(Optimizers.adam(config), config.seed(), DataType.FLOAT);
            provenance = ModelProvenance.of(arch, config, paths.data().toString(), checksums(train, test), trainerName);
        }
        LOG.info(
                "{} parameters; {}; {}; data {}: {} training examples{}",
                graph.numParams(),
                arch,
                config,
                paths.data(),
                train.size(),
                test == null ? "" : ", " + paths.data().testExamples(test.size()) + " test examples scored per epoch");

        MetricsLog metrics = paths.metricsOut() == null ? null : new MetricsLog(paths.metricsOut());
        try {
            EpochFitter fitter = fitters.create(arch, paths.data(), train, test);
            TrainingLoop.Result result =
                    new TrainingLoop(config, fitter, checkpoints, policy, metrics, progress).run(graph, provenance);
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

    /**
     * A resume continues the same training: other optimiser, data-order or augmentation settings, or another
     * network, would be reported as applied while the checkpoint's were used. Refused in one line instead.
     */
    private void checkResumable(StoragePath checkpoint, ModelProvenance saved, NetworkArchitecture arch) {
        if (saved.training() != null && !saved.training().resumeIdentity().equals(config.resumeIdentity())) {
            throw new InvalidSettingException("{resume}: " + checkpoint + " was trained with "
                    + saved.training().resumeIdentity() + ", this run asks for " + config.resumeIdentity()
                    + "; resume with the same settings or start in another {checkpointDir}");
        }
        if (saved.architecture() != null && !saved.architecture().toString().equals(arch.toString())) {
            throw new InvalidSettingException("{resume}: " + checkpoint + " holds " + saved.architecture()
                    + ", this run asks for " + arch + "; resume with the same network options or start in another "
                    + "{checkpointDir}");
        }
    }

    private static Map<String, String> checksums(ExampleSet train, ExampleSet test) {
        Map<String, String> checksums = new LinkedHashMap<>(train.sha256());
        if (test != null) {
            checksums.putAll(test.sha256());
        }
        return checksums;
    }

    /** The architecture for the data's image size and digits, after checking that the splits agree. */
    private NetworkArchitecture architectureFor(ExampleSet train, ExampleSet test) {
        if (train.height() != train.width()) {
            throw new InvalidSettingException("{data} " + paths.data() + " holds " + train.height() + "x"
                    + train.width() + " images; the networks here take square images");
        }
        if (test != null
                && (test.height() != train.height()
                        || test.width() != train.width()
                        || test.digitsPerImage() != train.digitsPerImage())) {
            throw new InvalidSettingException("{data} " + paths.data() + ": the test split holds " + test.height() + "x"
                    + test.width() + " images of " + test.digitsPerImage() + " digit(s), the training split "
                    + train.height() + "x" + train.width() + " of " + train.digitsPerImage());
        }
        if (train.size() == 0) {
            throw new InvalidSettingException("{data} " + paths.data() + ": the training split is empty");
        }
        return archTemplate.withInputSize(train.height()).withDigitsPerImage(train.digitsPerImage());
    }
}
