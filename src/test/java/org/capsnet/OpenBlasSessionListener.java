package org.capsnet;

import org.capsnet.model.conv.NativeEnvironment;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Picks OpenBLAS's fast kernels in the test JVM before any test loads ND4J, as CapsNetMain.main does. */
public class OpenBlasSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeEnvironment.configure();
    }
}
