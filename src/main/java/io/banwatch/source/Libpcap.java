package io.banwatch.source;

import org.pcap4j.core.Pcaps;

/**
 * Whether libpcap can be loaded. pcap4j reports a missing library in confusing ways (a missing optional function
 * "not supported by the pcap library", or an error in a static initialiser), so every entry point asks here first
 * and says in one line what to install.
 */
final class Libpcap {

    private static volatile String version;

    private Libpcap() {}

    /** @throws CaptureException naming the package to install when libpcap cannot be loaded */
    static void require() throws CaptureException {
        if (version != null) {
            return;
        }
        JnaDispatchLibrary.prepare(); // before pcap4j's first call loads JNA
        try {
            version = Pcaps.libVersion();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw missing();
        }
    }

    static CaptureException missing() {
        return new CaptureException(
                "libpcap is not installed: install the package that brings it (Debian and Ubuntu: apt-get install "
                        + "libpcap0.8; Fedora and RHEL: dnf install libpcap; Alpine: apk add libpcap)");
    }
}
