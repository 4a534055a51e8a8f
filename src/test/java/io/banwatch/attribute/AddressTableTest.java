package io.banwatch.attribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigException;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.AnomalyCounters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The address table grows from its first capacity to its bound without losing an address, a name or the LRU order,
 * and takes every bound the configuration accepts.
 */
class AddressTableTest {

    private static final long CLIENT = 42;
    private static final long NEVER = Long.MAX_VALUE;

    private final AnomalyCounters anomalies = new AnomalyCounters();

    private static int add(AddressTable table, int address, boolean vendor) {
        int entry = table.add(address >>> 16, address, vendor);
        table.addName(entry, "n" + address + ".example", CLIENT + address, NEVER);
        return entry;
    }

    @Test
    void growsToItsBoundKeepingEveryAddressAndItsNames() {
        int bound = AddressTable.FIRST_CAPACITY * 2 + 1_000;
        AddressTable table = new AddressTable(bound, 2, anomalies);
        assertThat(table.capacity()).isEqualTo(AddressTable.FIRST_CAPACITY);
        for (int a = 0; a < bound; a++) {
            assertThat(table.find(a >>> 16, a)).isEqualTo(-1);
            add(table, a, a % 10 == 0);
        }
        assertThat(table.capacity()).isEqualTo(bound);
        assertThat(table.size()).isEqualTo(bound);
        String[] names = new String[2];
        for (int a = 0; a < bound; a++) {
            int entry = table.find(a >>> 16, a);
            assertThat(entry).as("address %d", a).isNotNegative();
            assertThat(table.collect(entry, CLIENT + a, 0, names)).isOne();
            assertThat(names[0]).isEqualTo("n" + a + ".example");
        }
        table.flushCounts();
        assertThat(anomalies.get(AttributionAnomaly.ADDRESS_MAP_FULL)).isZero();
    }

    @Test
    void aFullTableStillForgetsTheLeastRecentlyUsedOtherAddressFirstAfterGrowing() {
        int bound = AddressTable.FIRST_CAPACITY * 2;
        AddressTable table = new AddressTable(bound, 1, anomalies);
        int vendorAddress = 1;
        for (int a = 0; a < AddressTable.FIRST_CAPACITY; a++) {
            add(table, a, a == vendorAddress);
        }
        table.touch(table.find(0, 0), false); // address 0 is now the most recently used
        for (int a = AddressTable.FIRST_CAPACITY; a < bound; a++) {
            add(table, a, false);
        }
        assertThat(table.capacity()).isEqualTo(bound);

        add(table, bound, false);
        add(table, bound + 1, false);

        // Oldest first were 1 (a vendor's, kept while others remain), 2 and 3; 0 was used since.
        assertThat(table.find(0, 2)).isEqualTo(-1);
        assertThat(table.find(0, 3)).isEqualTo(-1);
        assertThat(table.find(0, 0)).isNotNegative();
        assertThat(table.find(0, vendorAddress)).isNotNegative();
        assertThat(table.find(0, 4)).isNotNegative();
        assertThat(table.size()).isEqualTo(bound);
        table.flushCounts();
        assertThat(anomalies.get(AttributionAnomaly.ADDRESS_MAP_FULL)).isEqualTo(2);
    }

    @Test
    void theBoundsTheConfigurationAcceptsAreOnesTheMapTakes() {
        String largest = "inspect:\n  attribution:\n    max_addresses: 16777216\n    max_names_per_address: 16\n"
                + "    min_ttl_seconds: 0\n    max_ttl_seconds: 2592000\n";
        BanwatchConfig config = ConfigLoader.parse("b.yaml", largest, Map.of());
        assertThatCode(() -> NamelessSettings.from(config.inspect())).doesNotThrowAnyException();
        String smallest = "inspect:\n  attribution:\n    max_addresses: 1024\n    max_names_per_address: 1\n"
                + "    min_ttl_seconds: 0\n    max_ttl_seconds: 1\n";
        BanwatchConfig small = ConfigLoader.parse("b.yaml", smallest, Map.of());
        assertThatCode(() -> NamelessSettings.from(small.inspect())).doesNotThrowAnyException();
        assertThatThrownBy(() -> ConfigLoader.parse(
                        "b.yaml", "inspect:\n  attribution:\n    max_names_per_address: 17\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("b.yaml: inspect.attribution.max_names_per_address: 17 is out of range; allowed: 1 to 16");
    }

    @Test
    void aBoundBelowTheFirstCapacityIsTheCapacity() {
        assertThat(new AddressTable(16, 4, anomalies).capacity()).isEqualTo(16);
    }
}
