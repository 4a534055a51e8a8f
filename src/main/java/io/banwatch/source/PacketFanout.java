package io.banwatch.source;

import com.sun.jna.LastErrorException;

/**
 * Joins live handles' sockets to one Linux {@code PACKET_FANOUT} group (packet(7), {@code linux/if_packet.h}), so
 * that the kernel hands each packet of the interface to one member only, chosen by its symmetric flow hash: both
 * directions of a connection reach the same member.
 *
 * <p>The mode is {@code PACKET_FANOUT_HASH} with {@code PACKET_FANOUT_FLAG_DEFRAG}: the kernel reassembles IPv4
 * fragments before it hashes, so a fragmented segment follows its connection (without the flag, fragments carry no
 * ports and hash elsewhere). The first member creates the group with {@code PACKET_FANOUT_FLAG_UNIQUEID} (Linux 4.2)
 * and the kernel picks an id no other group of the network namespace uses; a made-up id (a process id, an interface
 * index) could name another program's group on the same interface and silently share its packets with it.
 */
final class PacketFanout {

    /** {@code SOL_PACKET}, linux/socket.h. */
    static final int SOL_PACKET = 263;

    /** {@code PACKET_FANOUT}, linux/if_packet.h. */
    static final int PACKET_FANOUT = 18;

    /** {@code PACKET_FANOUT_HASH}: by the flow hash of {@code skb_get_hash_symmetric}. */
    static final int HASH = 0;

    /** {@code PACKET_FANOUT_FLAG_UNIQUEID}: the kernel allocates the group id (the id passed must be 0). */
    static final int FLAG_UNIQUEID = 0x2000;

    /** {@code PACKET_FANOUT_FLAG_DEFRAG}: reassemble IPv4 fragments before hashing. */
    static final int FLAG_DEFRAG = 0x8000;

    /** The mode and flags every member joins with (the kernel refuses a member whose mode differs). */
    static final int MODE = HASH | FLAG_DEFRAG;

    private static final int EPERM = 1;
    private static final int ENOMEM = 12;
    private static final int EINVAL = 22;
    private static final int ENOSPC = 28;
    private static final int ENOPROTOOPT = 92;
    private static final int EALREADY = 114;

    private PacketFanout() {}

    /**
     * The int option value of {@code PACKET_FANOUT}: the group id in the low 16 bits, the mode and flags in the high
     * 16 ({@code fanout_add} in net/packet/af_packet.c).
     */
    static int argument(int id, int typeFlags) {
        return (id & 0xFFFF) | (typeFlags << 16);
    }

    /** The group id in what {@code getsockopt(PACKET_FANOUT)} returns: id, then type, then flags (af_packet.c). */
    static int groupId(int option) {
        return option & 0xFFFF;
    }

    /**
     * Creates a group with a kernel-chosen id and makes {@code fd} its first member.
     *
     * @return the group id, for {@link #join}
     */
    static int create(int fd, String interfaceName, int members) throws CaptureException {
        setOption(fd, argument(0, MODE | FLAG_UNIQUEID), interfaceName, members);
        int[] value = {0};
        int[] length = {Integer.BYTES};
        try {
            LinuxSockets.getsockopt(fd, SOL_PACKET, PACKET_FANOUT, value, length);
        } catch (LastErrorException e) {
            throw refused(interfaceName, members, e.getErrorCode());
        }
        return groupId(value[0]);
    }

    /** Makes {@code fd} a member of group {@code id}. */
    static void join(int fd, int id, String interfaceName, int members) throws CaptureException {
        setOption(fd, argument(id, MODE), interfaceName, members);
    }

    private static void setOption(int fd, int argument, String interfaceName, int members) throws CaptureException {
        if (fd < 0) {
            throw new CaptureException(interfaceName + ": capture.fanout " + members + ": libpcap gave no socket to "
                    + "join to a PACKET_FANOUT group; set capture.fanout: 1");
        }
        try {
            LinuxSockets.setsockopt(fd, SOL_PACKET, PACKET_FANOUT, new int[] {argument}, Integer.BYTES);
        } catch (LastErrorException e) {
            throw refused(interfaceName, members, e.getErrorCode());
        } catch (UnsatisfiedLinkError e) {
            throw new CaptureException(interfaceName + ": capture.fanout " + members
                    + ": setsockopt not found in the C " + "library (" + e.getMessage() + "); set capture.fanout: 1");
        }
    }

    /** One line naming the interface, the errno and what it means here. */
    static CaptureException refused(String interfaceName, int members, int errno) {
        return new CaptureException(interfaceName + ": the kernel refused PACKET_FANOUT for capture.fanout " + members
                + " (errno " + errno + errnoName(errno) + ": " + strerror(errno) + ")" + hint(errno)
                + "; set capture.fanout: 1 to capture this interface with one thread");
    }

    /** ", EINVAL" and the like for the values setsockopt(PACKET_FANOUT) returns, "" for others. */
    private static String errnoName(int errno) {
        return switch (errno) {
            case EPERM -> ", EPERM";
            case ENOMEM -> ", ENOMEM";
            case EINVAL -> ", EINVAL";
            case ENOSPC -> ", ENOSPC";
            case ENOPROTOOPT -> ", ENOPROTOOPT";
            case EALREADY -> ", EALREADY";
            default -> "";
        };
    }

    private static String hint(int errno) {
        return switch (errno) {
            case ENOPROTOOPT -> ": this kernel has no PACKET_FANOUT (Linux 3.1 and later have it)";
            case EINVAL ->
                ": a kernel before Linux 4.2 (no kernel-chosen group ids), or a socket the kernel cannot " + "fan out";
            case ENOMEM, ENOSPC -> ": no free fanout group id or no memory for the group";
            case EPERM -> ": capturing needs root or the CAP_NET_RAW and CAP_NET_ADMIN capabilities";
            default -> "";
        };
    }

    private static String strerror(int errno) {
        try {
            String text = LinuxSockets.strerror(errno);
            return text == null || text.isBlank() ? "unknown error" : text.strip();
        } catch (UnsatisfiedLinkError e) {
            return "unknown error";
        }
    }
}
