package org.capsnet.io;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the hidden temporary files that atomic writes put beside their target, and the rule that tells a stale
 * one (left by a killed write) from one that a running writer still needs.
 * <p>
 * A temporary of {@code model.zip} is {@code .model.zip.capsnet-HOST-PID-RANDOM.tmp}: the writer's host name and
 * process id make it ours (no other program's files match) and tell whether its writer may still run. The
 * directory is cleaned of stale temporaries whenever a new one is created in it ({@link LocalStorage},
 * {@link HadoopStorage}).
 * <p>
 * <b>Stale</b> (deleted) when the name matches and either:
 * <ul>
 * <li>the writer ran on this host, its process is gone, and the file has not changed for {@link #DEAD_OWNER_AGE}
 * (the short wait guards against a container that shares this host name but not its process ids, whose writer
 * is busy writing: a local file's modification time moves with every write); or</li>
 * <li>the file has not changed for {@link #MAX_AGE}, whatever wrote it: another host's writer cannot be asked, and
 * HDFS sets a file's modification time only when it is created and closed, so an hour-long write there looks old.
 * No write of this program (a model, a checkpoint, an IDX file) stays open for a day. HDFS files still open for
 * writing are never deleted ({@link HadoopStorage} asks the NameNode).</li>
 * </ul>
 */
final class TempFiles {
    static final Duration DEAD_OWNER_AGE = Duration.ofMinutes(1);
    static final Duration MAX_AGE = Duration.ofHours(24);

    private static final String MARK = ".capsnet-";
    private static final Pattern OURS =
            Pattern.compile("^\\..+\\.capsnet-([A-Za-z0-9-]*)-(\\d{1,19})-([0-9a-z]{1,13})" + "\\.tmp$");
    private static final String HOST = sanitize(hostName());
    private static final long PID = ProcessHandle.current().pid();

    private TempFiles() {}

    /** A new temporary name for {@code targetName}, in the same directory. */
    static String name(String targetName) {
        return "." + targetName + MARK + HOST + "-" + PID + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp";
    }

    /** True for a name that {@link #name} could have made. */
    static boolean isOurs(String fileName) {
        return OURS.matcher(fileName).matches();
    }

    /**
     * Whether the temporary {@code fileName}, last modified at {@code modified}, is a leftover to delete (see the
     * class comment). False for any name this program does not make.
     */
    static boolean isStale(String fileName, Instant modified, Instant now) {
        Matcher m = OURS.matcher(fileName);
        if (!m.matches()) {
            return false;
        }
        Duration age = Duration.between(modified, now);
        if (age.compareTo(MAX_AGE) >= 0) {
            return true;
        }
        return m.group(1).equals(HOST) && !isRunning(m.group(2)) && age.compareTo(DEAD_OWNER_AGE) >= 0;
    }

    private static boolean isRunning(String pid) {
        long id;
        try {
            id = Long.parseLong(pid);
        } catch (NumberFormatException e) {
            return true; // not a pid we wrote: keep the file
        }
        return id == PID || ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
    }

    /** This host's name as it appears in temporary names: letters, digits and dashes, at most 40 characters. */
    static String host() {
        return HOST;
    }

    private static String hostName() {
        // RuntimeMXBean's name is "pid@host" and needs no DNS lookup (InetAddress.getLocalHost may block).
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at >= 0 ? name.substring(at + 1) : "localhost";
    }

    private static String sanitize(String host) {
        String s = host.replaceAll("[^A-Za-z0-9-]", "-");
        return s.length() > 40 ? s.substring(0, 40) : s;
    }
}
