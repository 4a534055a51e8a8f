package io.banwatch.attribute;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.DnsAnswers;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Remembers, from observed DNS answers, which names resolved to which addresses, so that a flow that carries no
 * name of its own can be attributed to the name that resolved to its destination. An address keeps the question
 * name and every name of the answer's CNAME chain (newest answer first, question first within an answer), each for
 * its record's TTL clamped to {@link AddressMapLimits}; expiry and least-recently-used eviction go by packet time.
 *
 * <p>Keyed by address alone, not by client: a sensor at the egress often sees only the site resolver's queries,
 * while the flows come from the clients behind it. The client that asked is still recorded per name, and a lookup
 * lists that client's names first, so a CDN address that several names share is attributed to what this host
 * resolved when it is known.
 *
 * <p>Learning from an answer reads its records where they are packed ({@link DnsAnswers}), stores references to the
 * answer's own strings and allocates nothing else. Thread-safe:
 * a sensor shares one map among all its capture threads and inspection workers, so that a flow seen on one interface
 * is named by a DNS answer seen on another. Each learn and lookup holds the map's lock for one answer or one address
 * (a table probe and a few name copies); only DNS answers and flows that carry no name take it.
 */
public final class DnsAddressMap {

    /**
     * 8 names per answer: the question, CNAME owners and targets, and the address record's owner; resolvers give up
     * on chains of 8 to 16 hops and real chains have 1 to 3, so more is a malformed or hostile answer.
     */
    static final int MAX_CHAIN_NAMES = 8;

    /**
     * 100 addresses not yet known per answer: a 512-byte UDP answer holds at most 31 A records and the largest pools
     * answered over EDNS or TCP (as in the recorded fixtures) carry 100, while a crafted answer of hundreds would
     * otherwise replace that many addresses of other answers at once. Known addresses are refreshed beyond it.
     */
    static final int MAX_NEW_ADDRESSES_PER_ANSWER = 100;

    private final AddressMapLimits limits;
    private final AnomalyCounters anomalies;
    private final AddressTable table;
    private final AddressKey key = new AddressKey();
    private final AddressKey clientKey = new AddressKey();
    private final String[] chain = new String[MAX_CHAIN_NAMES];
    private boolean chainCapped;

    public DnsAddressMap(AddressMapLimits limits, AnomalyCounters anomalies) {
        this.limits = limits;
        this.anomalies = anomalies.register(AttributionAnomaly.class);
        this.table = new AddressTable(limits.maxAddresses(), limits.maxNamesPerAddress(), anomalies);
    }

    public AddressMapLimits limits() {
        return limits;
    }

    /** Learns the A and AAAA records of a DNS answer observation as names of no vendor; see the other form. */
    public void learn(Observation observation) {
        learn(observation, null);
    }

    /**
     * Learns the A and AAAA records of a DNS answer observation; every other observation is ignored.
     *
     * @param vendorName tells whether a name of the answer is a vendor's: its addresses are then kept longer than
     *     others when the map is full; null when no catalog is known
     */
    public synchronized void learn(Observation observation, Predicate<String> vendorName) {
        Observation.Dns dns = observation.dns();
        if (observation.protocol() != Protocol.DNS
                || dns == null
                || dns.type() != Observation.DnsMessageType.ANSWER
                || dns.answers() == null
                || dns.answers().isEmpty()) {
            return;
        }
        long now = observation.timestampNanos();
        table.expireOldest(now);
        List<DnsRecord> answers = dns.answers();
        int names = collectChain(observation.name(), answers);
        if (names == 0) {
            return;
        }
        clientKey.set(
                observation.destination().address(), observation.destination().address().length);
        long client = clientKey.digest();
        boolean vendor = isVendor(vendorName, names);
        int newAddresses = 0;
        boolean capped = false;
        for (int r = 0; r < answers.size(); r++) { // indexed: no iterator on the per-packet path
            int length = DnsAnswers.addressLengthOf(answers, r);
            if (length == 0) {
                continue;
            }
            // read in place from the answer's packed address bytes: no record object, no copy
            key.set(DnsAnswers.addressBytesOf(answers, r), DnsAnswers.addressOffsetOf(answers, r), length);
            long expires = now + TimeUnit.SECONDS.toNanos(clampTtl(DnsAnswers.ttlOf(answers, r)));
            int entry = table.find(key.high, key.low);
            if (entry < 0) {
                if (newAddresses == MAX_NEW_ADDRESSES_PER_ANSWER) {
                    capped = true;
                    continue; // known addresses later in the answer are still refreshed
                }
                newAddresses++;
                entry = table.add(key.high, key.low, vendor);
            } else {
                table.touch(entry, vendor);
            }
            for (int i = names - 1; i >= 0; i--) { // the question ends up first
                table.addName(entry, chain[i], client, expires);
            }
        }
        for (int i = 0; i < names; i++) {
            chain[i] = null;
        }
        table.flushCounts();
        if (capped) {
            anomalies.count(AttributionAnomaly.NEW_ADDRESSES_PER_ANSWER_CAP);
        }
    }

    /**
     * Copies the unexpired names that resolved to {@code address} into {@code out}, those {@code client} resolved
     * first, newest answer first, question before CNAME targets within an answer. Returns how many were copied.
     *
     * @param address 4 or 16 address bytes ({@code length} of them)
     */
    public synchronized int lookup(
            byte[] address, int length, byte[] client, int clientLength, long nowNanos, String[] out) {
        key.set(address, length);
        int entry = table.find(key.high, key.low);
        if (entry < 0) {
            return 0;
        }
        if (table.expired(entry, nowNanos)) {
            table.remove(entry);
            return 0;
        }
        table.touch(entry, false);
        clientKey.set(client, clientLength);
        return table.collect(entry, clientKey.digest(), nowNanos, out);
    }

    /** Addresses remembered now. */
    public synchronized int size() {
        return table.size();
    }

    private boolean isVendor(Predicate<String> vendorName, int names) {
        if (vendorName == null) {
            return false;
        }
        for (int i = 0; i < names; i++) {
            if (vendorName.test(chain[i])) {
                return true;
            }
        }
        return false;
    }

    /** The question, then each name of the chain in answer order, without repeats; returns how many. */
    private int collectChain(String question, List<DnsRecord> answers) {
        chainCapped = false;
        int count = add(question, 0);
        for (int r = 0; r < answers.size(); r++) {
            count = add(DnsAnswers.nameOf(answers, r), count);
            if (DnsAnswers.typeOf(answers, r) == DnsRecord.CNAME) {
                count = add(DnsAnswers.targetOf(answers, r), count);
            }
        }
        if (chainCapped) {
            anomalies.count(AttributionAnomaly.CHAIN_NAMES_CAP);
        }
        return count;
    }

    private int add(String name, int count) {
        if (name == null || name.isEmpty()) {
            return count;
        }
        for (int i = 0; i < count; i++) {
            if (chain[i].equals(name)) {
                return count;
            }
        }
        if (count == MAX_CHAIN_NAMES) {
            chainCapped = true;
            return count;
        }
        chain[count] = name;
        return count + 1;
    }

    private long clampTtl(long ttlSeconds) {
        return Math.max(limits.minTtlSeconds(), Math.min(limits.maxTtlSeconds(), ttlSeconds));
    }
}
