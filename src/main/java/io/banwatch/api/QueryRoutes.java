package io.banwatch.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banwatch.store.EventFilter;
import io.banwatch.store.EventStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /api/v1/events}, {@code /hosts}, {@code /alerts} and {@code /catalog}: parameters in, a page of JSON
 * ({@code {"items":[...],"next_cursor":N}}) or CSV out. The work is the {@link QueryService}'s; this class only reads
 * parameters and writes the answer.
 */
public final class QueryRoutes {

    public static final String EVENTS = "/api/v1/events";
    public static final String HOSTS = "/api/v1/hosts";
    public static final String ALERTS = "/api/v1/alerts";
    public static final String CATALOG = "/api/v1/catalog";

    static final String CSV = "text/csv; charset=utf-8; header=present"; // RFC 4180 section 3

    private static final Set<String> CATALOG_PARAMETERS = Set.of("vendor", "category", "format");

    private final QueryService service;
    private final Clock clock;

    public QueryRoutes(QueryService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** Adds the four routes, each run on the executor (they read the store). */
    public ApiRoutes addTo(ApiRoutes routes) {
        return routes.query(EVENTS, this::events)
                .query(HOSTS, this::hosts)
                .query(ALERTS, this::alerts)
                .query(CATALOG, this::catalog);
    }

    ApiResponse events(ApiRequest request) {
        return page(
                request,
                QueryParameters.FILTERS,
                filter -> service.events(filter),
                QueryRows::event,
                QueryRows.EVENT_CSV,
                QueryRows::eventCsv);
    }

    ApiResponse hosts(ApiRequest request) {
        return page(
                request,
                QueryParameters.FILTERS,
                service::hosts,
                QueryRows::host,
                QueryRows.HOST_CSV,
                QueryRows::hostCsv);
    }

    ApiResponse alerts(ApiRequest request) {
        return page(
                request,
                QueryParameters.FILTERS,
                filter -> service.alerts(filter),
                QueryRows::alert,
                QueryRows.ALERT_CSV,
                QueryRows::alertCsv);
    }

    ApiResponse catalog(ApiRequest request) {
        try {
            QueryParameters parameters = QueryParameters.of(request.parameters(), CATALOG_PARAMETERS);
            QueryParameters.Format format = parameters.format(request.header("accept"));
            var rules = service.catalog(parameters.identifier("vendor"), parameters.category());
            return render(
                    request,
                    new QueryService.Page<>(rules, null),
                    format,
                    QueryRows::rule,
                    QueryRows.RULE_CSV,
                    QueryRows::ruleCsv);
        } catch (BadParameterException e) {
            return badParameter(e, request.path());
        }
    }

    /** A query of the store. */
    @FunctionalInterface
    private interface StoreQuery<T> {
        QueryService.Page<T> run(EventFilter filter) throws SQLException;
    }

    private <T> ApiResponse page(
            ApiRequest request,
            Set<String> allowed,
            StoreQuery<T> query,
            Function<T, ObjectNode> json,
            List<String> csvHeader,
            Function<T, List<String>> csv) {
        try {
            QueryParameters parameters = QueryParameters.of(request.parameters(), allowed);
            QueryParameters.Format format = parameters.format(request.header("accept"));
            QueryService.Page<T> page = query.run(parameters.filter(clock.instant()));
            return render(request, page, format, json, csvHeader, csv);
        } catch (BadParameterException e) {
            return badParameter(e, request.path());
        } catch (QueryService.StoreOffException e) {
            return ApiResponse.error(503, e.getMessage(), request.path());
        } catch (SQLException e) {
            return ApiResponse.error(
                    503, "the event store cannot be read now: " + EventStore.reason(e), request.path());
        }
    }

    private static <T> ApiResponse render(
            ApiRequest request,
            QueryService.Page<T> page,
            QueryParameters.Format format,
            Function<T, ObjectNode> json,
            List<String> csvHeader,
            Function<T, List<String>> csv) {
        ApiResponse response;
        if (format == QueryParameters.Format.CSV) {
            StringBuilder body = new StringBuilder(QueryRows.csvLine(csvHeader));
            page.items().forEach(item -> body.append(QueryRows.csvLine(csv.apply(item))));
            response = new ApiResponse(200, CSV, body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
        } else {
            ObjectNode body = QueryRows.mapper().createObjectNode();
            ArrayNode items = body.putArray("items");
            page.items().forEach(item -> items.add(json.apply(item)));
            if (page.nextCursor() == null) {
                body.putNull("next_cursor");
            } else {
                body.put("next_cursor", page.nextCursor());
            }
            response = new ApiResponse(
                    200, ApiResponse.JSON, QueryRows.write(body).getBytes(StandardCharsets.UTF_8), Map.of());
        }
        if (page.nextCursor() != null) {
            // The next page as a link (RFC 8288), so CSV clients, which have no body field for it, can follow too.
            response = response.withHeader("Link", "<" + nextPage(request, page.nextCursor()) + ">; rel=\"next\"");
        }
        return response;
    }

    private static String nextPage(ApiRequest request, long cursor) {
        StringBuilder uri = new StringBuilder(request.path()).append('?');
        request.parameters().forEach((name, values) -> {
            if (!name.equals("cursor")) {
                values.forEach(v ->
                        uri.append(encode(name)).append('=').append(encode(v)).append('&'));
            }
        });
        return uri.append("cursor=").append(cursor).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static ApiResponse badParameter(BadParameterException e, String path) {
        ObjectNode body = QueryRows.mapper()
                .createObjectNode()
                .put("status", 400)
                .put("error", e.getMessage())
                .put("parameter", e.parameter())
                .put("path", path);
        return new ApiResponse(400, ApiResponse.JSON, QueryRows.write(body).getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
