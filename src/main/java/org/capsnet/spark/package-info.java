/**
 * The distributed trainer: {@link org.capsnet.spark.SparkEpochFitter} (synchronous parameter averaging, one Spark
 * job per round), the work executors run ({@link org.capsnet.spark.FitShard}, {@link org.capsnet.spark.ScorePartition}),
 * how many workers a cluster gives ({@link org.capsnet.spark.ClusterSlots}), the one place a SparkContext is made
 * ({@link org.capsnet.spark.SparkSessions}), ND4J thread limits and Kryo set-up for executors. Depends on train,
 * model, data and eval.
 */
package org.capsnet.spark;
