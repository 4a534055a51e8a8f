#!/usr/bin/env python3
"""Checks that banwatch found every name of a gen-tap-pcap.py capture's truth list.

  tapcheck.py CAPTURE OBSERVATIONS

CAPTURE.truth.tsv (written by ../shared/tools/gen-tap-pcap.py or bench/mixgen.py) lists each DNS query and response
name, TLS server name and HTTP Host with its frame. OBSERVATIONS holds banwatch's observation JSON lines
(`banwatch replay --observations FILE`). Observations carry no frame numbers, so the names are compared per kind as
multisets: a truth line is found when banwatch reported that name, of that kind, at least as often as the truth list
holds it. Prints per kind: truth, found, missed, and up to five missed names. Exit status 0 when nothing was missed,
1 otherwise, 2 on bad input.
"""
import collections
import json
import sys

KINDS = ('dns_query', 'dns_response', 'sni', 'http_host')


def truth_counts(path):
    counts = collections.Counter()
    with open(path) as f:
        header = next(f).rstrip('\n').split('\t')
        if header[:3] != ['frame', 'kind', 'name']:
            sys.exit('tapcheck.py: %s is not a gen-tap-pcap.py truth list (header %s)' % (path, header[:3]))
        for line in f:
            _, kind, name = line.rstrip('\n').split('\t')[:3]
            counts[(kind, name.lower().rstrip('.'))] += 1
    return counts


def observed_counts(path):
    counts = collections.Counter()
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            event = json.loads(line)
            protocol = event.get('network', {}).get('protocol')
            if protocol == 'dns':
                dns = event.get('dns', {})
                kind = 'dns_query' if dns.get('type') == 'query' else 'dns_response'
                name = dns.get('question', {}).get('name')
            elif protocol == 'tls':
                kind, name = 'sni', event.get('tls', {}).get('client', {}).get('server_name')
            elif protocol == 'http':
                kind, name = 'http_host', event.get('url', {}).get('domain')
            else:
                continue
            if name:
                counts[(kind, name.lower().rstrip('.'))] += 1
    return counts


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    capture, observations = sys.argv[1], sys.argv[2]
    try:
        truth = truth_counts(capture + '.truth.tsv')
        seen = observed_counts(observations)
    except (OSError, ValueError) as e:
        print('tapcheck.py: %s' % e, file=sys.stderr)
        sys.exit(2)
    complete = True
    print('%-13s %9s %9s %8s' % ('kind', 'truth', 'found', 'missed'))
    for kind in KINDS:
        total = found = 0
        missed = []
        for (k, name), n in sorted(truth.items()):
            if k != kind:
                continue
            total += n
            found += min(n, seen[(k, name)])
            if seen[(k, name)] < n:
                missed.append('%s (%d of %d)' % (name, seen[(k, name)], n))
        print('%-13s %9d %9d %8d' % (kind, total, found, total - found))
        for m in missed[:5]:
            print('   missed e.g. %s' % m)
        complete = complete and not missed
    print('every name found' if complete else 'NOT COMPLETE: some names were missed')
    sys.exit(0 if complete else 1)


if __name__ == '__main__':
    main()
