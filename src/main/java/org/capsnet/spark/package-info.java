/**
 * The distributed trainer: partitioning, the work executors run, parameter averaging on the driver.
 * Depends on train, model and data.
 */
package org.capsnet.spark;
