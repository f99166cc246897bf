package org.capsnet.eval.pictures;

import java.util.ArrayList;
import java.util.List;
import org.capsnet.model.CapsNetGraph;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trained decoder of a CapsNet run on capsule matrices of our choosing: the layers {@code decoder1},
 * {@code decoder2}, ... and {@code reconstruction} of {@link CapsNetGraph}, applied in order in inference mode.
 * It does not go through the graph's mask vertex, so any masking (the predicted class, a true label, a perturbed
 * pose, two capsules stacked for MultiMNIST) works the same.
 * <p>Shapes: input {@code [B, J*D]} (capsules flattened as DigitCaps emits them, all but the chosen one zero),
 * output {@code [B, P]} pixels in [0, 1].
 */
public final class CapsuleDecoder {
    /** Name prefix of the hidden decoder layers in {@link CapsNetGraph} (decoder1, decoder2, ...). */
    static final String HIDDEN_PREFIX = "decoder";

    private final List<Layer> layers;
    private final long inputSize;

    private CapsuleDecoder(List<Layer> layers) {
        this.layers = layers;
        this.inputSize = layers.get(0).getParam("W").size(0);
    }

    /** Whether {@code graph} has a decoder (models trained with --no-reconstruction have none). */
    public static boolean hasDecoder(ComputationGraph graph) {
        return graph.getVertex(CapsNetGraph.RECONSTRUCTION) != null;
    }

    /** The decoder of {@code graph}; fails with IllegalArgumentException when it has none. */
    public static CapsuleDecoder of(ComputationGraph graph) {
        if (!hasDecoder(graph)) {
            throw new IllegalArgumentException("the network has no decoder (layer '" + CapsNetGraph.RECONSTRUCTION
                    + "'): it was trained without reconstruction");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 1; graph.getVertex(HIDDEN_PREFIX + i) != null; i++) {
            layers.add(graph.getLayer(HIDDEN_PREFIX + i));
        }
        layers.add(graph.getLayer(CapsNetGraph.RECONSTRUCTION));
        return new CapsuleDecoder(layers);
    }

    /** Reconstructions {@code [B, P]} of the masked capsules {@code [B, J*D]}. */
    public INDArray decode(INDArray maskedCapsules) {
        if (maskedCapsules.rank() != 2 || maskedCapsules.size(1) != inputSize) {
            throw new IllegalArgumentException("decoder input must be [B, " + inputSize + "], got "
                    + java.util.Arrays.toString(maskedCapsules.shape()));
        }
        INDArray x = maskedCapsules.castTo(layers.get(0).getParam("W").dataType());
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        for (Layer layer : layers) {
            x = layer.activate(x, false, noWorkspaces);
        }
        for (Layer layer : layers) {
            layer.clear();
        }
        return x;
    }
}
