package org.capsnet.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a training step's time goes: forward and backward milliseconds of each hidden (non-output) layer, in the
 * graph's order, timed one layer at a time on the activations of a real forward pass (best of a few repeats).
 * Parameter-free vertices (capsule length, mask, pooling) and the output layers are not timed.
 */
final class LayerProfile {
    private LayerProfile() {}

    static Map<String, Double> measure(ComputationGraph graph, INDArray[] features, int repeats) {
        Map<String, INDArray> acts = graph.feedForward(features, true, false);
        Map<String, Double> ms = new LinkedHashMap<>();
        LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof IOutputLayer) {
                continue;
            }
            String name = layer.conf().getLayer().getLayerName();
            String inputName =
                    graph.getConfiguration().getVertexInputs().get(name).get(0);
            INDArray input = acts.get(inputName);
            double forward = Double.MAX_VALUE;
            double backward = Double.MAX_VALUE;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                layer.setInput(input, noWs);
                INDArray out = layer.activate(true, noWs);
                long t1 = System.nanoTime();
                // The epsilon is drawn outside the timed span: drawing it costs as much as a small layer.
                INDArray epsilon = Nd4j.rand(out.dataType(), out.shape());
                long t1b = System.nanoTime();
                layer.backpropGradient(epsilon, noWs);
                long t2 = System.nanoTime();
                forward = Math.min(forward, (t1 - t0) / 1e6);
                backward = Math.min(backward, (t2 - t1b) / 1e6);
            }
            ms.put(name + "_forward_ms", forward);
            ms.put(name + "_backward_ms", backward);
        }
        return ms;
    }
}
