/**
 * The distributed trainer: {@link org.capsnet.spark.SparkEpochFitter} (dl4j-spark parameter averaging), the work
 * executors run ({@link org.capsnet.spark.AugmentPartition}, {@link org.capsnet.spark.ScorePartition}, per-step
 * hooks), the one place a SparkContext is made ({@link org.capsnet.spark.SparkSessions}), ND4J thread limits and
 * Kryo set-up for executors. Depends on train, model, data and eval.
 */
package org.capsnet.spark;
