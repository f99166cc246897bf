/**
 * Data sets: IDX files, downloads with checksums, shift augmentation, MultiMNIST generation, Spark data sets.
 * Depends on ND4J and Spark only; nothing here knows about the model.
 */
package org.capsnet.data;
