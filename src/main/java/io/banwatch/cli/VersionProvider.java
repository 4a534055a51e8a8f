package io.banwatch.cli;

import io.banwatch.source.Captures;
import picocli.CommandLine;

/** {@code banwatch --version}: banwatch's version, the Java runtime and libpcap. */
final class VersionProvider implements CommandLine.IVersionProvider {

    /** The version from the jar manifest, or {@code dev} when run from classes. */
    static String version() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "banwatch " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            Captures.libpcapVersion()
        };
    }
}
