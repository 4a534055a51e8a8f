package io.banwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.config.ConfigLoader;
import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.banwatch.metrics.BuildInfoMetrics;
import io.banwatch.metrics.PrometheusMetrics;
import io.banwatch.sensor.Catalogs;
import io.banwatch.store.EventFilter;
import io.banwatch.store.EventStore;
import io.banwatch.store.StoreQueries;
import io.banwatch.store.StoredAlert;
import io.banwatch.store.StoredEvent;
import io.micrometer.core.instrument.MockClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The query API over HTTP on port 0, against a real SQLite file filled through {@link EventStore#write}. */
@Timeout(60)
class QueryApiTest {

    static final long BAN = 1_727_582_400_000_000_000L; // 2024-09-29T04:00:00Z
    static final long HOUR = 3_600_000_000_000L;
    static final String TOKEN = "s3cret-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private EventStore store;
    private HttpApiServer server;
    private ApiRoutes routes;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static StoredEvent contact(String host, String name, Category category, String phase, Protocol protocol, long ts) {
        Match match = new Match("kaspersky", category, "rule-" + name, phase, Severity.CRITICAL, "d");
        Observation o = Observation.tls(
                ts, protocol, Endpoint.parse(host, 50_000), Endpoint.parse("203.0.113.7", 443), -1, -1, name);
        return StoredEvent.of(new Event(o, match), "sensor-1");
    }

    static StoredEvent transferred(String host, String name, long ts) {
        Match match = new Match("kaspersky", Category.UPDATE, "rule-" + name, "updates_banned", Severity.CRITICAL, "d");
        Observation o = Observation.tls(
                ts, Protocol.TLS, Endpoint.parse(host, 50_000), Endpoint.parse("203.0.113.7", 443), -1, -1, name);
        return StoredEvent.of(
                new Event(o, match, new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, 5_000_000, 900)),
                "sensor-1");
    }

    /** Six events: two hosts, update/ksn/threat_intel, TLS and QUIC, before and after the ban, one transfer. */
    private void fill() throws Exception {
        store.write(
                List.of(
                        contact(
                                "10.0.0.1",
                                "dnl-01.geo.kaspersky.com",
                                Category.UPDATE,
                                "new_business_banned",
                                Protocol.TLS,
                                BAN - HOUR),
                        contact(
                                "10.0.0.1",
                                "dnl-07.geo.kaspersky.com",
                                Category.UPDATE,
                                "updates_banned",
                                Protocol.TLS,
                                BAN + HOUR),
                        contact(
                                "10.0.0.2",
                                "ksn-url-geo.kaspersky-labs.com",
                                Category.KSN,
                                "updates_banned",
                                Protocol.QUIC,
                                BAN + 2 * HOUR),
                        contact(
                                "10.0.0.2",
                                "opentip.kaspersky.com",
                                Category.THREAT_INTEL,
                                "updates_banned",
                                Protocol.TLS,
                                BAN + 3 * HOUR),
                        transferred("10.0.0.1", "dnl-07.geo.kaspersky.com", BAN + 4 * HOUR),
                        contact(
                                "10.0.0.3",
                                "notkaspersky.com",
                                Category.WEB,
                                "updates_banned",
                                Protocol.TLS,
                                BAN + 5 * HOUR)),
                1_000);
        store.write(
                List.of(),
                List.of(new StoredAlert(
                        "alert-1",
                        2,
                        "kaspersky",
                        "10.0.0.1",
                        "update",
                        "critical",
                        "updates_banned",
                        "tls",
                        "dnl-07.geo.kaspersky.com",
                        BAN + HOUR,
                        BAN + 4 * HOUR,
                        1,
                        "transferred",
                        "outcome",
                        "sensor-1",
                        "{\"message\":\"host 10.0.0.1 reached\",\"alert\":{\"id\":\"alert-1\"}}")),
                1_000);
    }

    private void start(String token) {
        PrometheusMetrics metrics = new PrometheusMetrics(new MockClock()).bind(new BuildInfoMetrics("0.1.0"));
        var catalogs = Catalogs.load(ConfigLoader.defaults(Map.of()).catalog());
        routes = ApiRoutes.standard(metrics, () -> true).api(ApiAccess.of(token), 4, Duration.ofSeconds(10));
        Clock clock = Clock.fixed(Instant.ofEpochSecond(BAN / 1_000_000_000L).plusSeconds(86_400), ZoneOffset.UTC);
        new QueryRoutes(
                        new QueryService(
                                store, () -> CatalogMatcher.of(catalogs).rules()),
                        clock)
                .addTo(routes);
        server = new HttpApiServer("127.0.0.1", 0, routes);
    }

    @BeforeEach
    void open() {
        store = EventStore.open(dir.resolve("banwatch.db"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            routes.close();
        }
        store.close();
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode items(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        return JSON.readTree(response.body()).path("items");
    }

    private List<String> names(String pathAndQuery) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode item : items(pathAndQuery)) {
            names.add(item.path("tls").path("client").path("server_name").asText());
        }
        return names;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Nested
    class Filters {

        @BeforeEach
        void setUp() throws Exception {
            fill();
            start("");
        }

        @Test
        void everyEventNewestFirstAsEcsJsonWithTheObserver() throws Exception {
            JsonNode items = items("/api/v1/events");
            assertThat(items).hasSize(6);
            assertThat(items.get(0)
                            .path("tls")
                            .path("client")
                            .path("server_name")
                            .asText())
                    .isEqualTo("notkaspersky.com");
            assertThat(items.get(0).path("observer").path("name").asText()).isEqualTo("sensor-1");
            assertThat(items.get(0).path("banwatch").path("vendor").asText()).isEqualTo("kaspersky");
            assertThat(JSON.readTree(get("/api/v1/events").body())
                            .path("next_cursor")
                            .isNull())
                    .isTrue();
        }

        @Test
        void eachFilter() throws Exception {
            assertThat(names("/api/v1/events?since=2024-09-29T04:00:00Z&until=2024-09-29T06:30:00Z"))
                    .containsExactly("ksn-url-geo.kaspersky-labs.com", "dnl-07.geo.kaspersky.com");
            assertThat(names("/api/v1/events?until=2024-09-29T00:00:00-04:00"))
                    .containsExactly("dnl-01.geo.kaspersky.com");
            assertThat(names("/api/v1/events?since=1d")).hasSize(5); // the clock is BAN + 1 day
            assertThat(names("/api/v1/events?host=10.0.0.2"))
                    .containsExactly("opentip.kaspersky.com", "ksn-url-geo.kaspersky-labs.com");
            assertThat(names("/api/v1/events?vendor=kaspersky")).hasSize(6);
            assertThat(names("/api/v1/events?vendor=other")).isEmpty();
            assertThat(names("/api/v1/events?category=ksn")).containsExactly("ksn-url-geo.kaspersky-labs.com");
            assertThat(names("/api/v1/events?phase=new_business_banned")).containsExactly("dnl-01.geo.kaspersky.com");
            assertThat(names("/api/v1/events?protocol=quic")).containsExactly("ksn-url-geo.kaspersky-labs.com");
            assertThat(names("/api/v1/events?outcome=transferred")).containsExactly("dnl-07.geo.kaspersky.com");
            assertThat(names("/api/v1/events?name=kaspersky.com"))
                    .containsExactly( // never notkaspersky.com
                            "dnl-07.geo.kaspersky.com",
                            "opentip.kaspersky.com",
                            "dnl-07.geo.kaspersky.com",
                            "dnl-01.geo.kaspersky.com");
            assertThat(names("/api/v1/events?name=GEO.Kaspersky.COM.")).hasSize(3);
            assertThat(names("/api/v1/events?limit=2")).hasSize(2);
            assertThat(names("/api/v1/events?host=10.0.0.1&category=update&outcome=transferred"))
                    .containsExactly("dnl-07.geo.kaspersky.com");
        }

        @Test
        void hostsAlertsAndCatalog() throws Exception {
            JsonNode hosts = items("/api/v1/hosts?category=update");
            assertThat(hosts).hasSize(1);
            assertThat(hosts.get(0).path("host").asText()).isEqualTo("10.0.0.1");
            assertThat(hosts.get(0).path("outcome").asText()).isEqualTo("transferred");
            assertThat(items("/api/v1/hosts")).hasSize(3);

            JsonNode alerts = items("/api/v1/alerts?vendor=kaspersky&category=update&host=10.0.0.1");
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).path("alert").path("id").asText()).isEqualTo("alert-1");
            assertThat(alerts.get(0).path("observer").path("name").asText()).isEqualTo("sensor-1");
            assertThat(items("/api/v1/alerts?category=ksn")).isEmpty();

            JsonNode rules = items("/api/v1/catalog?category=update");
            assertThat(rules.size()).isPositive();
            assertThat(rules.get(0).path("category").asText()).isEqualTo("update");
            assertThat(rules.get(0).path("description").asText()).isNotEmpty();
            assertThat(rules.get(0).path("source").asText()).isNotEmpty();
            assertThat(rules.get(0).has("confidence")).isTrue();
        }

        @Test
        void csvByAcceptOrFormat() throws Exception {
            HttpResponse<String> byAccept = get("/api/v1/events?host=10.0.0.2", "Accept", "text/csv");
            assertThat(byAccept.statusCode()).isEqualTo(200);
            assertThat(byAccept.headers().firstValue("content-type")).hasValue(QueryRoutes.CSV);
            assertThat(byAccept.body())
                    .startsWith("timestamp,observer,host,vendor,category,severity,phase,protocol,name,outcome\r\n")
                    .contains(",sensor-1,10.0.0.2,kaspersky,ksn,critical,updates_banned,quic,"
                            + "ksn-url-geo.kaspersky-labs.com,\r\n");
            assertThat(byAccept.body().split("\r\n")).hasSize(3);

            HttpResponse<String> byFormat = get("/api/v1/hosts?format=csv");
            assertThat(byFormat.body()).startsWith("host,vendor,severity,categories,names,");
            HttpResponse<String> alerts = get("/api/v1/alerts?format=csv");
            assertThat(alerts.body()).startsWith("id,revision,vendor,host,").contains("alert-1,2,kaspersky,10.0.0.1");
            HttpResponse<String> rules = get("/api/v1/catalog?format=csv");
            assertThat(rules.body()).startsWith("vendor,kind,pattern,category,confidence,description,source\r\n");
        }
    }

    @Nested
    class Pagination {

        @Test
        void pagesContinueExactlyAfterTheCursorWhileEventsArrive() throws Exception {
            List<StoredEvent> first = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                first.add(contact(
                        "10.0.1." + i,
                        "dnl-01.geo.kaspersky.com",
                        Category.UPDATE,
                        "updates_banned",
                        Protocol.TLS,
                        BAN + i));
            }
            store.write(first, 1_000);
            start("");

            Set<String> seen = new HashSet<>();
            List<String> order = new ArrayList<>();
            String next = "/api/v1/events?category=update&limit=10";
            int pages = 0;
            while (next != null) {
                HttpResponse<String> response = get(next);
                assertThat(response.statusCode()).isEqualTo(200);
                JsonNode body = JSON.readTree(response.body());
                for (JsonNode item : body.path("items")) {
                    String host = item.path("source").path("ip").asText();
                    assertThat(seen.add(host)).as("duplicate " + host).isTrue();
                    order.add(host);
                }
                pages++;
                // New events arrive between pages: they are newer than every page already listed.
                store.write(
                        List.of(contact(
                                "10.0.2." + pages,
                                "dnl-01.geo.kaspersky.com",
                                Category.UPDATE,
                                "updates_banned",
                                Protocol.TLS,
                                BAN + 1_000 + pages)),
                        1_001);
                JsonNode cursor = body.path("next_cursor");
                if (cursor.isNull()) {
                    next = null;
                } else {
                    assertThat(response.headers().firstValue("link"))
                            .hasValue("</api/v1/events?category=update&limit=10&cursor=" + cursor.asLong()
                                    + ">; rel=\"next\"");
                    next = "/api/v1/events?category=update&limit=10&cursor=" + cursor.asLong();
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 24; i >= 0; i--) {
                expected.add("10.0.1." + i);
            }
            assertThat(order).isEqualTo(expected); // no gap, no duplicate, newest first
        }

        @Test
        void hostPagesContinueAfterTheCursorWhileHostsAreAddedAndUpdated() throws Exception {
            List<StoredEvent> first = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                first.add(contact(
                        "10.0.1." + i,
                        "dnl-01.geo.kaspersky.com",
                        Category.UPDATE,
                        "updates_banned",
                        Protocol.TLS,
                        BAN + i));
            }
            store.write(first, 1_000);
            start("");
            List<String> order = new ArrayList<>();
            String next = "/api/v1/hosts?limit=10";
            int pages = 0;
            while (next != null) {
                HttpResponse<String> response = get(next);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(response.body());
                body.path("items").forEach(item -> order.add(item.path("host").asText()));
                pages++;
                // Between pages a new host arrives and a host already listed and one not yet listed get new
                // contacts (their last contact is now the newest of all): none moves to another page.
                store.write(
                        List.of(
                                contact(
                                        "10.0.2." + pages,
                                        "dnl-01.geo.kaspersky.com",
                                        Category.UPDATE,
                                        "updates_banned",
                                        Protocol.TLS,
                                        BAN + 1_000 + pages),
                                contact(
                                        "10.0.1.0",
                                        "dnl-02.geo.kaspersky.com",
                                        Category.UPDATE,
                                        "updates_banned",
                                        Protocol.TLS,
                                        BAN + 2_000 + pages),
                                contact(
                                        "10.0.1.24",
                                        "dnl-02.geo.kaspersky.com",
                                        Category.UPDATE,
                                        "updates_banned",
                                        Protocol.TLS,
                                        BAN + 2_000 + pages)),
                        1_001);
                JsonNode cursor = body.path("next_cursor");
                if (cursor.isNull()) {
                    next = null;
                } else {
                    assertThat(response.headers().firstValue("link"))
                            .hasValue("</api/v1/hosts?limit=10&cursor=" + cursor.asLong() + ">; rel=\"next\"");
                    next = "/api/v1/hosts?limit=10&cursor=" + cursor.asLong();
                }
            }
            assertThat(pages).isEqualTo(3);
            assertThat(order).hasSize(25).doesNotHaveDuplicates().allMatch(h -> h.startsWith("10.0.1."));
            assertThat(items("/api/v1/hosts?limit=1").get(0).path("host").asText())
                    .isEqualTo("10.0.2.3");
        }

        @Test
        void alertPagesToo() throws Exception {
            List<StoredAlert> alerts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                alerts.add(new StoredAlert(
                        "a" + i,
                        1,
                        "kaspersky",
                        "10.0.0." + i,
                        "update",
                        "critical",
                        "updates_banned",
                        "tls",
                        "x.kaspersky.com",
                        BAN,
                        BAN,
                        1,
                        "unknown",
                        "new",
                        "s",
                        "{}"));
            }
            store.write(List.of(), alerts, 1_000);
            start("");
            JsonNode page = JSON.readTree(get("/api/v1/alerts?limit=3").body());
            assertThat(page.path("items")).hasSize(3);
            JsonNode rest = JSON.readTree(get("/api/v1/alerts?limit=3&cursor="
                            + page.path("next_cursor").asLong())
                    .body());
            assertThat(rest.path("items")).hasSize(2);
            assertThat(rest.path("next_cursor").isNull()).isTrue();
        }
    }

    @Nested
    class Access {

        @Test
        void aTokenIsRequiredWhenSet() throws Exception {
            fill();
            start(TOKEN);
            HttpResponse<String> none = get("/api/v1/events");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"banwatch\"");
            HttpResponse<String> wrong = get("/api/v1/events", "Authorization", "Bearer not-the-token");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("www-authenticate").orElseThrow())
                    .contains("invalid_token");
            assertThat(get("/api/v1/events", "Authorization", "Basic " + TOKEN).statusCode())
                    .isEqualTo(401);
            assertThat(get("/api/v1/nothing").statusCode()).isEqualTo(401); // refused before the path is looked at

            HttpResponse<String> right = get("/api/v1/events", "Authorization", "Bearer " + TOKEN);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(get("/api/v1/events", "Authorization", "bearer " + TOKEN).statusCode())
                    .isEqualTo(200); // RFC 9110 section 11.1: the scheme is case-insensitive

            assertThat(get("/metrics").statusCode()).isEqualTo(200);
            assertThat(get("/-/healthy").statusCode()).isEqualTo(200);
        }

        @Test
        void withoutATokenOnlyLoopbackClients() throws Exception {
            ApiAccess access = ApiAccess.of("");
            ApiRequest remote = new ApiRequest(
                    "GET", "/api/v1/events", Map.of(), Map.of(), java.net.InetAddress.getByName("192.0.2.10"));
            ApiResponse refused = access.refusal(remote);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("api.token", "BANWATCH_API_TOKEN");
            ApiRequest local =
                    new ApiRequest("GET", "/api/v1/events", Map.of(), Map.of(), java.net.InetAddress.getByName("::1"));
            assertThat(access.refusal(local)).isNull();

            fill();
            start("");
            assertThat(get("/api/v1/events").statusCode()).isEqualTo(200); // this client is 127.0.0.1
        }
    }

    @Nested
    class HostileRequests {

        @BeforeEach
        void setUp() throws Exception {
            fill();
            start("");
        }

        private JsonNode badRequest(String pathAndQuery) throws Exception {
            HttpResponse<String> response = get(pathAndQuery);
            assertThat(response.statusCode())
                    .as(pathAndQuery + " -> " + response.body())
                    .isEqualTo(400);
            return JSON.readTree(response.body());
        }

        @Test
        void sqlInjectionInEveryParameterIsRefusedOrMatchesNothing() throws Exception {
            List<String> attacks = List.of(
                    "' OR '1'='1",
                    "10.0.0.1' OR 1=1 --",
                    "x; DROP TABLE events; --",
                    "kaspersky.com') UNION SELECT json FROM events --",
                    "%",
                    "_",
                    "\\");
            for (String parameter : List.of(
                    "since",
                    "until",
                    "host",
                    "vendor",
                    "category",
                    "phase",
                    "protocol",
                    "outcome",
                    "name",
                    "limit",
                    "cursor",
                    "format")) {
                for (String attack : attacks) {
                    HttpResponse<String> response = get("/api/v1/events?" + parameter + "=" + encode(attack));
                    if (response.statusCode() == 200) {
                        assertThat(JSON.readTree(response.body()).path("items"))
                                .as(parameter)
                                .isEmpty();
                    } else {
                        assertThat(response.statusCode())
                                .as(parameter + "=" + attack)
                                .isEqualTo(400);
                        assertThat(JSON.readTree(response.body())
                                        .path("parameter")
                                        .asText())
                                .isEqualTo(parameter);
                    }
                    for (String path : List.of("/api/v1/hosts", "/api/v1/alerts")) {
                        HttpResponse<String> other = get(path + "?" + parameter + "=" + encode(attack));
                        assertThat(other.statusCode())
                                .as(path + " " + parameter)
                                .isIn(200, 400);
                        if (other.statusCode() == 200) {
                            assertThat(JSON.readTree(other.body()).path("items"))
                                    .isEmpty();
                        }
                    }
                }
            }
            assertThat(store.read(StoreQueries::eventCount)).isEqualTo(6);
            assertThat(items("/api/v1/events")).hasSize(6);
        }

        @Test
        void badValuesAreA400NamingTheParameter() throws Exception {
            assertThat(badRequest("/api/v1/events?since=last%20tuesday")
                            .path("parameter")
                            .asText())
                    .isEqualTo("since");
            assertThat(badRequest("/api/v1/events?until=2024-13-45")
                            .path("error")
                            .asText())
                    .contains("until", "is not a time");
            assertThat(badRequest("/api/v1/events?category=antivirus")
                            .path("error")
                            .asText())
                    .contains("category", "update, ksn");
            assertThat(badRequest("/api/v1/events?colour=red").path("error").asText())
                    .contains("colour", "unknown parameter");
            assertThat(badRequest("/api/v1/events?limit=-5").path("parameter").asText())
                    .isEqualTo("limit");
            assertThat(badRequest("/api/v1/events?limit=0").path("parameter").asText())
                    .isEqualTo("limit");
            assertThat(badRequest("/api/v1/events?cursor=abc").path("parameter").asText())
                    .isEqualTo("cursor");
            assertThat(badRequest("/api/v1/events?cursor=-1").path("parameter").asText())
                    .isEqualTo("cursor");
            assertThat(badRequest("/api/v1/events?host=10.0.0.1&host=10.0.0.2")
                            .path("parameter")
                            .asText())
                    .isEqualTo("host");
            assertThat(badRequest("/api/v1/events?format=xml").path("parameter").asText())
                    .isEqualTo("format");
            assertThat(badRequest("/api/v1/hosts?cursor=-5").path("parameter").asText())
                    .isEqualTo("cursor");
            assertThat(badRequest("/api/v1/catalog?since=1d").path("parameter").asText())
                    .isEqualTo("since");
        }

        @Test
        void aBrokenEscapeIs400() throws Exception {
            assertThat(rawStatus("GET /api/v1/events?name=%zz HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .isEqualTo(400);
        }

        @Test
        void hugeLimitsAreCut() throws Exception {
            assertThat(items("/api/v1/events?limit=10000000000000000000000")).hasSize(6);
            assertThat(items("/api/v1/events?limit=999999")).hasSize(6);
            assertThat(new QueryParametersProbe().limit("999999")).isEqualTo(EventFilter.MAX_LIMIT);
        }

        @Test
        void overLongRequestLinesAndHeaderBlocksAreRefused() throws Exception {
            assertThat(rawStatus("GET /api/v1/events?name=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .isEqualTo(414);
            assertThat(rawStatus("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n"))
                    .isEqualTo(431);
        }

        @Test
        void pipelinedRequestsAreAnsweredInOrder() throws Exception {
            // A store query (answered later, on the query pool) then a health check (answered at once): the
            // health check's answer still comes second (RFC 9112 section 9.3.2).
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream()
                        .write(("GET /api/v1/events?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                                        + "GET /-/healthy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int events = answers.indexOf("\"items\"");
                int healthy = answers.indexOf("OK\n");
                assertThat(events).isPositive();
                assertThat(healthy).isGreaterThan(events);
            }
        }

        @Test
        void onlyGet() throws Exception {
            HttpResponse<String> post = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("allow")).hasValue("GET");
        }

        private int rawStatus(String request) throws Exception {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                return Integer.parseInt(status.substring(9, 12));
            }
        }
    }

    /** The parameter parser, reached from this package. */
    static final class QueryParametersProbe {
        int limit(String text) {
            return QueryParameters.of(Map.of("limit", List.of(text)), QueryParameters.FILTERS)
                    .limit();
        }
    }
}
