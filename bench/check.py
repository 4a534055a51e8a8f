#!/usr/bin/env python3
"""Check the names a reader extracted from a tapgen.py capture against the capture's truth list.

  check.py CAPTURE --observations FILE   banwatch's observation JSON lines (banwatch replay --observations FILE)
  check.py CAPTURE --tshark              tshark's dissection of CAPTURE (checks the generator itself)

CAPTURE.truth.tsv (written by tapgen.py) lists every DNS query, DNS response, TLS server name and HTTP Host in
the capture with its frame, time and endpoints. A truth line is found when the reader reported the same kind,
name, source and destination address and port; observations carry no frame numbers, so lines are matched as
a multiset on those fields. The report also says how many matches carry the frame's own timestamp and, for DNS
responses, whether the A/AAAA/CNAME answer records agree. For tshark the frame number is part of the key too.

Prints per kind: truth, found, missed, extra (reported but not in the truth list), and up to --show misses and
extras. Exit status: 0 when nothing was missed (and, for --tshark, nothing extra), 1 otherwise, 2 on bad input.
"""

import argparse
import calendar
import collections
import ipaddress
import json
import subprocess
import sys

KINDS = ('dns_query', 'dns_answer', 'tls_sni', 'http_host')


class Item:
    """One reported or expected name: the match key plus what is compared after matching."""

    __slots__ = ('key', 'time_us', 'records', 'where')

    def __init__(self, key, time_us, records, where):
        self.key, self.time_us, self.records, self.where = key, time_us, records, where


def address(text):
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text


def name_text(name):
    return name.lower().rstrip('.') if name else name


def endpoint(ip, port):
    return '[%s]:%d' % (ip, port) if ':' in ip else '%s:%d' % (ip, port)


def truth_items(path):
    items = []
    with open(path) as f:
        header = f.readline().rstrip('\n').split('\t')
        if header[:8] != ['frame', 'kind', 'time', 'src', 'dst', 'sport', 'dport', 'name']:
            raise SystemExit('%s: not a tapgen.py truth file' % path)
        for line in f:
            frame, kind, when, src, dst, sport, dport, name, detail = line.rstrip('\n').split('\t')
            seconds, _, micros = when.partition('.')
            records = None
            if kind == 'dns_answer':
                records = answer_records_from_detail(detail)
            items.append(Item((kind, address(src), address(dst), int(sport), int(dport), name),
                              int(seconds) * 1_000_000 + int(micros), records, 'frame %s' % frame))
            items[-1].key = items[-1].key + (int(frame),)
    return items


def answer_records_from_detail(detail):
    fields = dict(part.split('=', 1) for part in detail.split(';'))
    records = []
    for text in filter(None, fields.get('answers', '').split(',')):
        kind, _, rest = text.partition(':')
        owner, _, data = rest.partition('>')
        records.append((kind, owner, address(data) if kind != 'CNAME' else data))
    return tuple(sorted(records))


def iso_micros(text):
    """'2024-09-29T04:00:00.123456Z' (or with nanoseconds) as microseconds since the epoch."""
    date, _, fraction = text.rstrip('Z').partition('.')
    seconds = calendar.timegm((int(date[0:4]), int(date[5:7]), int(date[8:10]), int(date[11:13]),
                               int(date[14:16]), int(date[17:19]), 0, 0, 0))
    return seconds * 1_000_000 + int((fraction + '000000')[:6])


def observation_items(path):
    items, skipped, lines = [], collections.Counter(), 0
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            lines += 1
            try:
                event = json.loads(line)
            except ValueError:
                skipped['not JSON'] += 1
                continue
            protocol = event.get('network', {}).get('protocol')
            src, dst = event.get('source', {}), event.get('destination', {})
            records = None
            if protocol == 'dns':
                dns = event.get('dns', {})
                kind = 'dns_query' if dns.get('type') == 'query' else 'dns_answer'
                name = dns.get('question', {}).get('name')
                if kind == 'dns_answer':
                    records = tuple(sorted(
                        (a.get('type'), name_text(a.get('name')),
                         address(a.get('data')) if a.get('type') != 'CNAME' else name_text(a.get('data')))
                        for a in dns.get('answers', []) if a.get('type') in ('A', 'AAAA', 'CNAME')))
            elif protocol == 'tls':
                kind, name = 'tls_sni', event.get('tls', {}).get('client', {}).get('server_name')
            elif protocol == 'http':
                kind, name = 'http_host', event.get('url', {}).get('domain')
            else:
                skipped['protocol %s' % protocol] += 1
                continue
            if not name:
                skipped['%s without a name' % kind] += 1
                continue
            key = (kind, address(src.get('ip', '')), address(dst.get('ip', '')), src.get('port', -1),
                   dst.get('port', -1), name_text(name))
            stamp = event.get('@timestamp')
            items.append(Item(key, iso_micros(stamp) if stamp else None, records, 'line %d' % number))
    return items, skipped, lines


TSHARK_FIELDS = ('frame.number', 'frame.time_epoch', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.srcport',
                 'tcp.dstport', 'udp.srcport', 'udp.dstport', 'dns.flags.response', 'dns.qry.name',
                 'dns.count.answers', 'dns.resp.name', 'dns.resp.type', 'dns.a', 'dns.aaaa', 'dns.cname',
                 'tls.handshake.extensions_server_name', 'http.host')


def tshark_items(capture):
    command = ['tshark', '-n', '-r', capture, '-Y', 'dns or tls.handshake.type == 1 or http.request',
               '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=|']
    for field in TSHARK_FIELDS:
        command += ['-e', field]
    run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        raise SystemExit('tshark failed (%d): %s' % (run.returncode, run.stderr.strip()[-500:]))
    items = []
    for line in run.stdout.splitlines():
        f = dict(zip(TSHARK_FIELDS, line.split('\t')))
        frame = int(f['frame.number'])
        seconds, _, fraction = f['frame.time_epoch'].partition('.')
        time_us = int(seconds) * 1_000_000 + int((fraction + '000000')[:6])
        src = address(f['ip.src'] or f['ipv6.src'])
        dst = address(f['ip.dst'] or f['ipv6.dst'])
        sport = int(f['tcp.srcport'] or f['udp.srcport'] or -1)
        dport = int(f['tcp.dstport'] or f['udp.dstport'] or -1)

        def add(kind, names, records=None):
            for name in filter(None, names.split('|')):
                items.append(Item((kind, src, dst, sport, dport, name_text(name), frame), time_us, records,
                                  'frame %d' % frame))

        if f['dns.qry.name']:
            if f['dns.flags.response'] in ('1', 'True', 'true'):
                add('dns_answer', f['dns.qry.name'], tshark_answer_records(f))
            else:
                add('dns_query', f['dns.qry.name'])
        add('tls_sni', f['tls.handshake.extensions_server_name'])
        add('http_host', f['http.host'])
    return items


def tshark_answer_records(f):
    """The answer section's A/AAAA/CNAME records; tshark lists every section's records in one sequence."""
    count = int(f['dns.count.answers'] or 0)
    names = f['dns.resp.name'].split('|')[:count]
    types = f['dns.resp.type'].split('|')[:count]
    values = {'1': iter(f['dns.a'].split('|')), '28': iter(f['dns.aaaa'].split('|')),
              '5': iter(f['dns.cname'].split('|'))}
    labels = {'1': 'A', '28': 'AAAA', '5': 'CNAME'}
    records = []
    for owner, rtype in zip(names, types):
        if rtype in values:
            data = next(values[rtype], '')
            records.append((labels[rtype], name_text(owner),
                            name_text(data) if rtype == '5' else address(data)))
    return tuple(sorted(records))


def compare(truth, reported, show, with_frame):
    """Prints the per-kind table; returns (missed, extra) totals."""
    if not with_frame:
        for item in truth:
            item.key = item.key[:6]
    expected = collections.defaultdict(list)
    for item in truth:
        expected[item.key].append(item)
    seen = collections.defaultdict(list)
    for item in reported:
        seen[item.key].append(item)
    rows = {kind: collections.Counter() for kind in KINDS}
    misses, extras = collections.defaultdict(list), collections.defaultdict(list)
    for key in expected.keys() | seen.keys():
        want, got = expected.get(key, []), seen.get(key, [])
        row = rows.setdefault(key[0], collections.Counter())
        row['truth'] += len(want)
        row['reported'] += len(got)
        found = min(len(want), len(got))
        row['found'] += found
        misses[key[0]].extend(want[found:])
        extras[key[0]].extend(got[found:])
        times = collections.Counter(i.time_us for i in want)
        row['same_time'] += sum(min(n, sum(1 for i in got if i.time_us == t)) for t, n in times.items())
        if key[0] == 'dns_answer':
            want_records = collections.Counter(i.records for i in want)
            got_records = collections.Counter(i.records for i in got)
            row['same_records'] += sum((want_records & got_records).values())
    print('%-11s %9s %9s %9s %8s %8s  %s' % ('kind', 'truth', 'reported', 'found', 'missed', 'extra',
                                            'found with the frame time / identical answers'))
    totals = collections.Counter()
    for kind in list(KINDS) + sorted(set(rows) - set(KINDS)):
        row = rows[kind]
        missed, extra = len(misses[kind]), len(extras[kind])
        totals['truth'] += row['truth']
        totals['found'] += row['found']
        totals['missed'] += missed
        totals['extra'] += extra
        note = '%d of %d' % (row['same_time'], row['found'])
        if kind == 'dns_answer':
            note += ' / %d of %d' % (row['same_records'], row['found'])
        print('%-11s %9d %9d %9d %8d %8d  %s' % (kind, row['truth'], row['reported'], row['found'], missed, extra,
                                                note))
    percent = 100.0 * totals['found'] / totals['truth'] if totals['truth'] else 100.0
    print('%-11s %9d %9s %9d %8d %8d  %.3f%% of truth names found' % (
        'all', totals['truth'], '', totals['found'], totals['missed'], totals['extra'], percent))
    for label, table in (('missed', misses), ('extra', extras)):
        for kind in sorted(table):
            for item in sorted(table[kind], key=lambda i: i.time_us or 0)[:show]:
                print('  %s %s: %s %s -> %s  %s' % (label, item.where, kind, endpoint(item.key[1], item.key[3]),
                                                  endpoint(item.key[2], item.key[4]), item.key[5]))
    return totals['missed'], totals['extra']


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('capture')
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument('--observations', metavar='FILE', help="banwatch's observation JSON lines")
    source.add_argument('--tshark', action='store_true', help="compare tshark's dissection instead")
    parser.add_argument('--truth', help='truth list (default: CAPTURE.truth.tsv)')
    parser.add_argument('--show', type=int, default=10, help='misses and extras to list per kind (default 10)')
    args = parser.parse_args()
    try:
        truth = truth_items(args.truth or args.capture + '.truth.tsv')
    except OSError as e:
        print('check: %s' % e, file=sys.stderr)
        return 2
    if args.tshark:
        reported = tshark_items(args.capture)
        print('tshark vs %s' % (args.truth or args.capture + '.truth.tsv'))
        missed, extra = compare(truth, reported, args.show, with_frame=True)
        return 1 if missed or extra else 0
    try:
        reported, skipped, lines = observation_items(args.observations)
    except OSError as e:
        print('check: %s' % e, file=sys.stderr)
        return 2
    print('%s: %d observation lines, %d compared%s' % (
        args.observations, lines, len(reported),
        ''.join('; skipped %d (%s)' % (n, why) for why, n in sorted(skipped.items()))))
    missed, _ = compare(truth, reported, args.show, with_frame=False)
    return 1 if missed else 0


if __name__ == '__main__':
    sys.exit(main())
