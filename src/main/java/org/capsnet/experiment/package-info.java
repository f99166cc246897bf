/**
 * End-to-end experiments that compare network families under the same conditions. {@link
 * org.capsnet.experiment.MultiMnistExperiment}: the paper's MultiMNIST experiment (CapsNet against the baseline
 * CNN): data generation, training, evaluation and a results folder, resumable step by step. Depends on data,
 * model, train, spark, eval and io.
 */
package org.capsnet.experiment;
