package io.banwatch.decode;

import static io.banwatch.decode.Frames.OUTER_A4;
import static io.banwatch.decode.Frames.OUTER_A6;
import static io.banwatch.decode.Frames.OUTER_B4;
import static io.banwatch.decode.Frames.OUTER_B6;
import static io.banwatch.decode.Frames.TCP;
import static io.banwatch.decode.Frames.UDP;
import static io.banwatch.decode.Frames.concat;
import static io.banwatch.decode.Frames.dnsQueryUdp4;
import static io.banwatch.decode.Frames.ethernet;
import static io.banwatch.decode.Frames.ipv4;
import static io.banwatch.decode.Frames.ipv6;
import static io.banwatch.decode.Frames.optionsHeader;
import static io.banwatch.decode.Frames.synOptions;
import static io.banwatch.decode.Frames.tcp;
import static io.banwatch.decode.Frames.text;
import static io.banwatch.decode.Frames.tlsTcp4;
import static io.banwatch.decode.Frames.tlsTcp6;
import static io.banwatch.decode.Frames.udp;
import static io.banwatch.decode.Frames.writer;

import java.util.ArrayList;
import java.util.List;

/** One valid frame of every shape the decoder reads, for truncation and mutation tests. */
final class ValidFrames {

    record Sample(String name, int linkType, byte[] frame) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ValidFrames() {}

    static List<Sample> all() {
        List<Sample> samples = new ArrayList<>();
        byte[] synWithOptions = ipv4(OUTER_A4, OUTER_B4, TCP, tcp(1, 443, 7, 0, 0x02, synOptions(), new byte[0]));
        byte[] pppoe = writer().u8(0x11)
                .u8(0)
                .u16(1)
                .u16(2 + 45)
                .u16(0x0021)
                .bytes(tlsTcp4())
                .build();
        samples.add(new Sample("ethernet tcp", LinkType.ETHERNET, ethernet(0x0800, tlsTcp4())));
        samples.add(new Sample("ethernet syn", LinkType.ETHERNET, ethernet(0x0800, synWithOptions)));
        samples.add(
                new Sample("qinq udp", LinkType.ETHERNET, ethernet(0x0800, dnsQueryUdp4(), 0x88a8, 100, 0x8100, 10)));
        samples.add(new Sample("vlan ipv6", LinkType.ETHERNET, ethernet(0x86dd, tlsTcp6(), 0x8100, 10)));
        samples.add(new Sample("pppoe", LinkType.ETHERNET, ethernet(0x8864, pppoe)));
        samples.add(new Sample(
                "mpls",
                LinkType.ETHERNET,
                ethernet(0x8847, concat(writer().u24(0x10_1).u8(64).build(), tlsTcp4()))));
        samples.add(new Sample("null", LinkType.NULL, concat(new byte[] {2, 0, 0, 0}, tlsTcp4())));
        samples.add(new Sample("loop", LinkType.LOOP, concat(writer().u32(30).build(), tlsTcp6())));
        samples.add(new Sample("raw", LinkType.RAW, tlsTcp6()));
        samples.add(new Sample("ipv4", LinkType.IPV4, dnsQueryUdp4()));
        samples.add(new Sample(
                "ppp", LinkType.PPP, concat(writer().u16(0xff03).u16(0x0021).build(), tlsTcp4())));
        samples.add(new Sample("ppp ether", LinkType.PPP_ETHER, pppoe));
        samples.add(new Sample(
                "sll",
                LinkType.LINUX_SLL,
                concat(writer().u16(0).u16(1).u16(6).zeros(8).u16(0x0800).build(), tlsTcp4())));
        samples.add(new Sample(
                "sll2",
                LinkType.LINUX_SLL2,
                concat(writer().u16(0x86dd).zeros(18).build(), tlsTcp6())));
        byte[] payloadTlv =
                writer().u16le(4 + 45).u16le(9).bytes(tlsTcp4()).zeros(3).build();
        samples.add(new Sample(
                "nflog",
                LinkType.NFLOG,
                concat(writer().u8(2).u8(0).u16(0).u16le(8).u16le(1).u32(0).build(), payloadTlv)));
        byte[] chain =
                optionsHeader(60, 0, optionsHeader(51, 1, Frames.authenticationHeader(UDP, udp(1, 53, text("q")))));
        samples.add(new Sample("ipv6 chain", LinkType.RAW, ipv6(Frames.CLIENT6, Frames.SERVER6, 0, chain)));
        samples.add(new Sample("6in4", LinkType.RAW, ipv4(OUTER_A4, OUTER_B4, 41, tlsTcp6())));
        samples.add(new Sample("4in6", LinkType.RAW, ipv6(OUTER_A6, OUTER_B6, 4, dnsQueryUdp4())));
        samples.add(new Sample(
                "gre key",
                LinkType.RAW,
                ipv4(OUTER_A4, OUTER_B4, 47, TunnelTest.gre(0xb000, 0x6558, 9, 1, ethernet(0x0800, tlsTcp4())))));
        byte[] erspan2 = concat(writer().u16(0x1000).u16(5).u32(0).build(), ethernet(0x0800, tlsTcp4()));
        samples.add(new Sample(
                "erspan ii",
                LinkType.RAW,
                ipv4(OUTER_A4, OUTER_B4, 47, TunnelTest.gre(0x1000, 0x88be, 0, 1, erspan2))));
        byte[] erspan3 =
                concat(writer().u16(0x2000).u16(5).u32(0).u16(0).u16(1).zeros(8).build(), ethernet(0x86dd, tlsTcp6()));
        samples.add(new Sample(
                "erspan iii",
                LinkType.RAW,
                ipv6(OUTER_A6, OUTER_B6, 47, TunnelTest.gre(0x1000, 0x22eb, 0, 1, erspan3))));
        samples.add(new Sample(
                "vxlan",
                LinkType.ETHERNET,
                ethernet(
                        0x0800,
                        ipv4(
                                OUTER_A4,
                                OUTER_B4,
                                UDP,
                                udp(50000, 4789, TunnelTest.vxlan(7, ethernet(0x0800, dnsQueryUdp4())))))));
        byte[] geneve = writer().u8(1)
                .u8(0)
                .u16(0x6558)
                .u24(8)
                .u8(0)
                .zeros(4)
                .bytes(ethernet(0x86dd, tlsTcp6()))
                .build();
        samples.add(new Sample("geneve", LinkType.RAW, ipv6(OUTER_A6, OUTER_B6, UDP, udp(50000, 6081, geneve))));
        byte[] datagram = udp(5353, 53, FragmentReassemblyTest.pattern(600));
        for (byte[] fragment : FragmentReassemblyTest.ipv4Fragments(datagram, UDP, 77, 304)) {
            samples.add(new Sample("ipv4 fragment", LinkType.ETHERNET, fragment));
        }
        for (byte[] fragment : FragmentReassemblyTest.ipv6Fragments(datagram, UDP, 78, 304)) {
            samples.add(new Sample("ipv6 fragment", LinkType.ETHERNET, fragment));
        }
        return samples;
    }
}
