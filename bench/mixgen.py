#!/usr/bin/env python3
"""Writes a capture of one traffic kind with the tap generator (../shared/tools/gen-tap-pcap.py, or GEN_TAP_PCAP).

  mixgen.py KIND OUT.pcap [--packets N] [--seed S]

KIND is one of:
  tap   the generator's own tap mix (about 85% bulk TLS data, 5% DNS, 3% ClientHellos, 1% HTTP, the rest flow
        starts and ends, ARP, ICMP and NTP)
  dns   every event a DNS exchange (queries, answers with A/AAAA/CNAME records, NXDOMAIN, NODATA)
  tls   every event a new TLS flow: handshake and ClientHello (a fifth of them post-quantum, split over two segments)
QUIC-heavy and flood captures come from scripts/floodgen.py (quic-junk, syn, dns-200a).

The generator picks an event kind per step, and its bulk traffic is the default; replacing the bulk event by the
wanted one keeps everything else (addresses, names, timestamps, the truth list OUT.truth.tsv) the generator's own.
"""
import argparse
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
generator = os.environ.get('GEN_TAP_PCAP', os.path.join(here, '..', '..', 'shared', 'tools', 'gen-tap-pcap.py'))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('kind', choices=('tap', 'dns', 'tls'))
    ap.add_argument('out')
    ap.add_argument('--packets', '-n', type=int, default=2_000_000)
    ap.add_argument('--seed', type=int, default=7)
    a = ap.parse_args()
    if not os.path.isfile(generator):
        sys.exit('mixgen.py: no generator at %s (set GEN_TAP_PCAP)' % generator)
    spec = importlib.util.spec_from_file_location('gen_tap_pcap', generator)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    args = argparse.Namespace(out=a.out, packets=a.packets, seed=a.seed, center='2024-09-29T00:00:00Z',
                              window_seconds=3600.0, no_checksums=False)
    g = gen.Gen(args)
    if a.kind == 'dns':
        g.ev_bulk = g.ev_dns   # run() looks the bulk event up on the instance, so this replaces it everywhere
    elif a.kind == 'tls':
        g.ev_bulk = g.ev_tls
    g.run()


if __name__ == '__main__':
    main()
