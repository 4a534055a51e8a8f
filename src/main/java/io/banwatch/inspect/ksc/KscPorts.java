package io.banwatch.inspect.ksc;

/**
 * The service ports of Kaspersky Security Center (Administration Server, Network Agent, distribution points, KSN
 * proxy, Activation Proxy), from the KSC port tables (KASPERSKY.md section 3). Generic ports that KSC also uses
 * (SQL 1433/3306/5432, SMB 445/139, Web Console 8080) are left out: they say nothing about Kaspersky.
 */
public final class KscPorts {

    private static final int PORTS = 65_536;

    /**
     * TCP: 13000 agents and secondary servers to the Administration Server (or a distribution point), 14000 legacy
     * agent port, 13291 Administration Console, 13295 push server, 13299 Web Console OpenAPI, 8060/8061 installation
     * package publishing, 13111 and 17111 KSN proxy, 17000 and 17100 Activation Proxy.
     */
    static final int[] TCP = {13000, 14000, 13291, 13295, 13299, 8060, 8061, 13111, 17111, 17000, 17100};

    /**
     * UDP: 13000 device shutdown notices to the Administration Server, 15000 connection requests to agents, 15001
     * multicast updates from a distribution point, 15111 KSN proxy.
     */
    static final int[] UDP = {13000, 15000, 15001, 15111};

    /** Indexed by port, so the check on a new flow neither boxes nor hashes. */
    private static final boolean[] TCP_PORTS = table(TCP), UDP_PORTS = table(UDP);

    private KscPorts() {}

    public static boolean isTcp(int port) {
        return TCP_PORTS[port & 0xffff];
    }

    public static boolean isUdp(int port) {
        return UDP_PORTS[port & 0xffff];
    }

    private static boolean[] table(int[] ports) {
        boolean[] table = new boolean[PORTS];
        for (int port : ports) {
            table[port] = true;
        }
        return table;
    }
}
