package org.capsnet.spark;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Networks kept on an executor between rounds, by configuration: building a CapsNet (and initialising weights that
 * the broadcast overwrites at once) every round would cost more than a small round's fitting. A task borrows one
 * network, sets the round's parameters, state and step counters, and returns it; concurrent tasks get separate
 * networks, so the pool holds at most as many as the executor ran tasks at once.
 */
final class GraphPool {
    private static final Map<String, Queue<ComputationGraph>> IDLE = new ConcurrentHashMap<>();

    private GraphPool() {}

    /**
     * The pool key of a network: its configuration without the step counters (which change every round and travel
     * separately), so that every round and every evaluation of one run shares the same networks.
     */
    static String keyOf(ComputationGraphConfiguration configuration) {
        ComputationGraphConfiguration copy = configuration.clone();
        copy.setIterationCount(0);
        copy.setEpochCount(0);
        return copy.toJson();
    }

    static ComputationGraph borrow(String configurationJson) {
        ComputationGraph graph = IDLE.computeIfAbsent(configurationJson, k -> new ConcurrentLinkedQueue<>())
                .poll();
        if (graph == null) {
            graph = new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
            graph.init();
        }
        return graph;
    }

    static void giveBack(String configurationJson, ComputationGraph graph) {
        IDLE.computeIfAbsent(configurationJson, k -> new ConcurrentLinkedQueue<>())
                .add(graph);
    }
}
