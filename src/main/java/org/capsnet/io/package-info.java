/**
 * Where files live: {@link org.capsnet.io.StoragePath} names a local path or a Hadoop FileSystem URI and reads,
 * lists and atomically writes through it ({@code LocalStorage}: java.nio; {@code HadoopStorage}: Hadoop's
 * FileSystem API, the hadoop-client Spark provides, configured by {@link org.capsnet.io.HadoopConf}). Depends on
 * nothing else in the project but {@code org.capsnet}.
 */
package org.capsnet.io;
