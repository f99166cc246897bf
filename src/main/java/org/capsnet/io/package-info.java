/**
 * Where files live: {@link org.capsnet.io.StoragePath} names a local path or a Hadoop FileSystem URI and reads,
 * lists and atomically writes through it. Depends on nothing else in the project but {@code org.capsnet}.
 */
package org.capsnet.io;
