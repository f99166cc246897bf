package org.capsnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.capsnet.model.layers.DigitCapsuleLayerImpl;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class CapsNetGraphTest {

    @Test
    void paperModelHasTheParameterCountsOfThePaper() {
        CapsNetConfig paper = CapsNetConfig.paper();
        ComputationGraph graph = CapsNetGraph.create(paper, new Adam(1e-3), 1, DataType.FLOAT);
        assertEquals(8_215_568L, graph.numParams(), "8.2M with the decoder");
        assertEquals(paper.parameterCount(), graph.numParams());
        CapsNetConfig noDecoder = paper.toBuilder().decoderHidden().build();
        ComputationGraph small = CapsNetGraph.create(noDecoder, new Adam(1e-3), 1, DataType.FLOAT);
        assertEquals(6_804_224L, small.numParams(), "6.8M without the decoder");
        assertEquals(1152, paper.numPrimaryCapsules());
    }

    @Test
    void multiMnistInputGivesTenByTenPrimaryCapsuleGrid() {
        CapsNetConfig multi = CapsNetConfig.builder().inputSize(36).build();
        assertEquals(10, multi.primaryGridSize());
        assertEquals(3200, multi.numPrimaryCapsules());
    }

    @Test
    void twoDigitPaperModelSharesOneDecoderWithTheUsualLayerNames() {
        CapsNetConfig multi = CapsNetConfig.paper().withInputSize(36).withDigitsPerImage(2);
        ComputationGraph graph = CapsNetGraph.create(multi, new Adam(1e-3), 1, DataType.FLOAT);
        assertEquals(multi.parameterCount(), graph.numParams());
        assertEquals(CapsNetConfig.paper().withInputSize(36).parameterCount(), multi.parameterCount());
        for (String name : new String[] {"decoder1", "decoder2", CapsNetGraph.RECONSTRUCTION}) {
            assertTrue(graph.getLayer(name) != null, name);
        }
        assertEquals(
                1296, graph.getLayer(CapsNetGraph.RECONSTRUCTION).getParam("W").size(1));
    }

    @Test
    void twoDigitScoreIsTheMeanOverImagesOfMarginLossPlusBothDigitsReconstructionTerms() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true).toBuilder()
                .reconstructionWeight(0.3)
                .build()
                .withDigitsPerImage(2);
        ComputationGraph graph = CapsNetGraph.create(arch, new Adam(1e-3), 3, DataType.DOUBLE);
        int b = 4;
        INDArray images = TinyCapsNets.images(8, b, arch, DataType.DOUBLE);
        INDArray classes = Nd4j.createFromArray(new double[][] {{0, 1}, {2, 0}, {1, 2}, {0, 2}});
        INDArray sources = TinyCapsNets.images(9, b, arch, DataType.DOUBLE).repeat(1, 2);
        var batch = arch.trainingBatch(images, classes, sources);
        assertEquals(2.0 * b, batch.getLabels(0).sumNumber().doubleValue(), "margin target is the summed one-hot");

        var acts = graph.feedForward(batch.getFeatures(), true);
        INDArray lengths = acts.get(CapsNetGraph.LENGTH);
        INDArray recon = acts.get(CapsNetGraph.RECONSTRUCTIONS);
        assertArrayEquals(
                new long[] {2L * b, arch.inputPixels()},
                acts.get(CapsNetGraph.RECONSTRUCTION).shape());
        assertArrayEquals(new long[] {b, 2L * arch.inputPixels()}, recon.shape());
        double expected = 0;
        for (int i = 0; i < b; i++) {
            for (int c = 0; c < 3; c++) {
                double t = batch.getLabels(0).getDouble(i, c);
                double len = lengths.getDouble(i, c);
                expected +=
                        t * Math.pow(Math.max(0, 0.9 - len), 2) + 0.5 * (1 - t) * Math.pow(Math.max(0, len - 0.1), 2);
            }
            for (int p = 0; p < 2 * arch.inputPixels(); p++) {
                expected += 0.3 * Math.pow(recon.getDouble(i, p) - sources.getDouble(i, p), 2);
            }
        }
        assertEquals(expected / b, graph.score(batch, true), 1e-9);
    }

    @Test
    void forwardGivesLengthsInUnitIntervalAndReconstructionsOfInputSize() {
        CapsNetConfig arch = TinyCapsNets.tiny(3, true);
        ComputationGraph graph = CapsNetGraph.create(arch, new Adam(1e-3), 7, DataType.FLOAT);
        INDArray images = TinyCapsNets.images(3, 5, arch, DataType.FLOAT);
        INDArray[] out = graph.output(false, arch.inferenceInputs(images));
        assertArrayEquals(new long[] {5, 3}, out[0].shape());
        assertArrayEquals(new long[] {5, arch.inputPixels()}, out[1].shape());
        assertTrue(out[0].minNumber().doubleValue() >= 0 && out[0].maxNumber().doubleValue() < 1);
    }

    @Test
    void exampleOutputsDoNotDependOnTheRestOfTheBatch() {
        CapsNetConfig arch = TinyCapsNets.tiny(3, true);
        ComputationGraph graph = CapsNetGraph.create(arch, new Adam(1e-3), 7, DataType.DOUBLE);
        INDArray images = TinyCapsNets.images(5, 6, arch, DataType.DOUBLE);
        INDArray batchLengths = graph.output(false, arch.inferenceInputs(images))[0];
        for (int i = 0; i < 6; i++) {
            INDArray alone = images.getRow(i, true).dup();
            INDArray aloneLengths = graph.output(false, arch.inferenceInputs(alone))[0];
            assertEquals(
                    0,
                    aloneLengths.sub(batchLengths.getRow(i, true)).amaxNumber().doubleValue(),
                    1e-12);
        }
    }

    @Test
    void routingCouplingCoefficientsAreExposedAndSumToOneOverParents() {
        CapsNetConfig arch = TinyCapsNets.tiny(3, true);
        ComputationGraph graph = CapsNetGraph.create(arch, new Adam(1e-3), 7, DataType.DOUBLE);
        graph.output(false, arch.inferenceInputs(TinyCapsNets.images(1, 2, arch, DataType.DOUBLE)));
        INDArray c = ((DigitCapsuleLayerImpl) graph.getLayer(CapsNetGraph.DIGIT_CAPS)).lastCouplingCoefficients();
        assertArrayEquals(new long[] {2, arch.numPrimaryCapsules(), 3}, c.shape());
        INDArray sums = c.sum(2);
        assertEquals(0, sums.sub(1.0).amaxNumber().doubleValue(), 1e-9);
    }

    @Test
    void configurationSurvivesJsonRoundTrip() {
        ComputationGraphConfiguration conf =
                CapsNetGraph.configuration(CapsNetConfig.paper(), new Adam(1e-3), 1, DataType.FLOAT);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(conf.toJson(), back.toJson());
    }

    @Test
    void savedModelZipRestoresTheSameOutputs(@TempDir Path dir) throws Exception {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ComputationGraph graph = CapsNetGraph.create(arch, new Adam(1e-3), 11, DataType.FLOAT);
        INDArray images = TinyCapsNets.images(2, 4, arch, DataType.FLOAT);
        graph.fit(arch.trainingBatch(images, TinyCapsNets.classes(new int[] {0, 1, 2, 1}, DataType.FLOAT), null));
        File file = dir.resolve("m.zip").toFile();
        ModelSerializer.writeModel(graph, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        INDArray[] a = graph.output(false, arch.inferenceInputs(images));
        INDArray[] b = restored.output(false, arch.inferenceInputs(images));
        assertEquals(a[0], b[0]);
        assertEquals(a[1], b[1]);
        assertEquals(
                graph.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
    }

    @Test
    void inferenceMasksByTheLongestCapsule() {
        CapsNetConfig arch = TinyCapsNets.tiny(3, true);
        ComputationGraph graph = CapsNetGraph.create(arch, new Adam(1e-3), 7, DataType.DOUBLE);
        INDArray images = TinyCapsNets.images(9, 4, arch, DataType.DOUBLE);
        INDArray wrongLabels = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        java.util.Map<String, INDArray> acts = graph.feedForward(new INDArray[] {images, wrongLabels}, false);
        INDArray lengths = acts.get(CapsNetGraph.LENGTH);
        INDArray masked = acts.get(CapsNetGraph.MASK).reshape(4, 3, arch.digitCapsuleDim());
        INDArray caps = acts.get(CapsNetGraph.DIGIT_CAPS).reshape(4, 3, arch.digitCapsuleDim());
        for (int i = 0; i < 4; i++) {
            int longest = lengths.getRow(i).argMax().getInt(0);
            for (int j = 0; j < 3; j++) {
                INDArray expected = j == longest
                        ? caps.get(
                                org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                                org.nd4j.linalg.indexing.NDArrayIndex.point(j))
                        : Nd4j.zeros(DataType.DOUBLE, arch.digitCapsuleDim());
                INDArray actual = masked.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(j));
                assertEquals(0, expected.sub(actual).amaxNumber().doubleValue(), 1e-12);
            }
        }
    }
}
