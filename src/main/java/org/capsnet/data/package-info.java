/**
 * Data: IDX files, standard and MultiMNIST splits, minibatches, downloads, shift augmentation and Spark data sets.
 * Depends only on ND4J, Spark and the JDK; nothing else in the project depends on less.
 */
package org.capsnet.data;
