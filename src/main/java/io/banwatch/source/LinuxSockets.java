package io.banwatch.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The two socket options calls of the C library that {@link PacketFanout} needs, through a JNA direct mapping (no
 * Java API sets an option on a socket libpcap opened). Linux only; loaded on first use.
 */
final class LinuxSockets {

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LinuxSockets() {}

    /** setsockopt(2) with an int option; throws with errno on failure. */
    static native int setsockopt(int fd, int level, int name, int[] value, int length) throws LastErrorException;

    /** getsockopt(2) of an int option; {@code length} holds the size in and out. */
    static native int getsockopt(int fd, int level, int name, int[] value, int[] length) throws LastErrorException;

    /** strerror(3): the C library's text for an errno value; called only while a capture starts. */
    static native String strerror(int errno);
}
