package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shipped catalog's tree binding gives the record Jackson's binding of the same text gives. */
class ShippedCatalogTreeTest {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static CatalogFile bound(String yaml) throws Exception {
        return ShippedCatalogTree.bind("test.yaml", YAML.readTree(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theShippedCatalogBindsAsJacksonBindsIt() throws Exception {
        byte[] yaml;
        try (InputStream in =
                CatalogLoader.class.getResourceAsStream(CatalogLoader.BUILT_IN_DIRECTORY + "kaspersky.yaml")) {
            yaml = in.readAllBytes();
        }
        CatalogFile jackson = YAML.readValue(yaml, CatalogFile.class);
        CatalogFile tree = ShippedCatalogTree.bind("kaspersky.yaml", YAML.readTree(yaml));
        assertThat(tree).isEqualTo(jackson);
        assertThat(tree.rules()).isNotEmpty();
        assertThat(tree.ports()).isNotEmpty();
    }

    @Test
    void scalarsBecomeTextAndMissingKeysNullAsInJacksonsBinding() throws Exception {
        String yaml = "vendor: acme\nports:\n  - port: 443\n    transport: tcp\n    category: update\n"
                + "severities:\n  update: {updates_banned: critical}\nreferences: [a, 2]\n";
        assertThat(bound(yaml)).isEqualTo(YAML.readValue(yaml, CatalogFile.class));
        assertThat(bound(yaml).ports().get(0).port()).isEqualTo("443");
        assertThat(bound(yaml).rules()).isNull();
    }

    @Test
    void anUnknownKeyIsRefusedWithItsPath() {
        assertThatThrownBy(() -> bound("vendor: acme\nrules:\n  - pattern: a.example\n    colour: red\n"))
                .isInstanceOf(CatalogException.class)
                .hasMessage("test.yaml: rules[0].colour: unknown key");
        assertThatThrownBy(() -> bound("vendor: acme\nvendors: [x]\n")).hasMessage("test.yaml: vendors: unknown key");
    }

    @Test
    void aValueOfTheWrongShapeIsRefusedWithItsPath() {
        assertThatThrownBy(() -> bound("vendor: acme\nreferences: one\n"))
                .isInstanceOf(CatalogException.class)
                .hasMessage("test.yaml: references: expected a list");
        assertThatThrownBy(() -> bound("vendor: [acme]\n")).hasMessage("test.yaml: vendor: expected a text value");
        assertThatThrownBy(() -> bound("vendor: acme\nrules: [just-a-text]\n"))
                .hasMessage("test.yaml: rules[0]: expected a mapping");
        assertThatThrownBy(() -> bound("vendor: acme\nalerts: [a]\n"))
                .hasMessage("test.yaml: alerts: expected a mapping");
    }
}
