package io.banwatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The built-in catalogs parsed ahead: the first load takes that result, later loads parse again. */
class BuiltInCatalogsTest {

    @Test
    void aCatalogParsedAheadIsTakenOnceAsParsed() {
        BuiltInCatalogs.parseInBackground();
        VendorCatalog ahead = BuiltInCatalogs.take("kaspersky");
        assertThat(ahead).isNotNull();
        assertThat(BuiltInCatalogs.take("kaspersky")).isNull();
        // Compared field by field: the policy phases compare by identity.
        VendorCatalog parsed = CatalogLoader.parseBuiltIn("kaspersky");
        assertThat(ahead).usingRecursiveComparison().ignoringFields("policy").isEqualTo(parsed);
        assertThat(ahead.policy().phases()).isEqualTo(parsed.policy().phases());
    }

    @Test
    void theFirstLoadTakesItAndLaterOnesParseAgain() {
        BuiltInCatalogs.parseInBackground();
        VendorCatalog first = CatalogLoader.loadBuiltIn("kaspersky");
        assertThat(BuiltInCatalogs.take("kaspersky")).isNull();
        assertThat(CatalogLoader.loadBuiltIn("kaspersky")).isNotSameAs(first);
    }

    @Test
    void withNothingParsedAheadALoadParses() {
        assertThat(BuiltInCatalogs.take("kaspersky")).isNull();
        assertThat(CatalogLoader.loadBuiltIn("kaspersky").id()).isEqualTo("kaspersky");
    }

    @Test
    void theShippedCatalogBoundOnceEqualsTheCheckedParseOfItsText() throws Exception {
        byte[] yaml;
        try (var in = CatalogLoader.class.getResourceAsStream(CatalogLoader.BUILT_IN_DIRECTORY + "kaspersky.yaml")) {
            yaml = in.readAllBytes();
        }
        VendorCatalog checked = CatalogLoader.parse("kaspersky.yaml", yaml);
        VendorCatalog shipped = CatalogLoader.parseBuiltIn("kaspersky");
        assertThat(shipped).usingRecursiveComparison().ignoringFields("policy").isEqualTo(checked);
        assertThat(shipped.policy().phases()).isEqualTo(checked.policy().phases());
    }

    @Test
    void aVendorWithNoBuiltInCatalogIsStillRefusedPlainly() {
        BuiltInCatalogs.parseInBackground();
        try {
            assertThatThrownBy(() -> CatalogLoader.loadBuiltIn("kasperky"))
                    .isInstanceOf(CatalogException.class)
                    .hasMessageContaining("no built-in catalog for vendor \"kasperky\"");
        } finally {
            CatalogLoader.loadBuiltIn("kaspersky"); // takes what was parsed ahead, for the other tests
        }
    }
}
