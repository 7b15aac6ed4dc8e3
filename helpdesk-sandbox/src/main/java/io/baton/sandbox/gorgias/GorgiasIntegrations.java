package io.baton.sandbox.gorgias;

import static io.baton.sandbox.gorgias.GorgiasRequests.path;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The account's HTTP integrations ({@code /integrations}, {@code type:"http"}): checked on create and update (name,
 * an absolute http(s) url, a method, string headers, a form object or string, the content types, known triggers
 * with boolean values), and {@link #fire}d on each trigger: the url and the form rendered with the ticket
 * ({@link GorgiasTemplate}) and sent through {@link GorgiasDeliveries}. Registration runs under the simulator's
 * monitor.
 */
final class GorgiasIntegrations implements AutoCloseable {
  /** The triggers of the HTTP integration object (underscores, as in v1.1; hyphens, as now, are the same). */
  static final Set<String> TRIGGERS = Set.of("ticket_created", "ticket_updated", "ticket_message_created",
      "ticket_self_unsnoozed", "ticket_message_failed", "ticket_status_updated", "ticket_assignment_updated",
      "ticket_handed_over");
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  static final Set<String> CONTENT_TYPES = Set.of("application/json", "application/x-www-form-urlencoded");
  private static final Set<String> FIELDS = Set.of("name", "type", "description", "http", "deactivated_datetime");
  private static final Set<String> HTTP_FIELDS = Set.of("url", "method", "headers", "form", "request_content_type",
      "response_content_type", "triggers");
  private static final AtomicLong IDS = new AtomicLong(700);

  private final Map<Long, GorgiasIntegration> byId = new ConcurrentSkipListMap<>();
  private final GorgiasDeliveries deliveries;

  GorgiasIntegrations(GorgiasSettings settings) {
    this.deliveries = new GorgiasDeliveries(settings, this::find);
  }

  GorgiasDeliveries deliveries() {
    return deliveries;
  }

  /** POST /integrations. */
  GorgiasIntegration create(JsonNode body, long caller) {
    GorgiasRequests.only(body, "", FIELDS);
    String name = name(body);
    String type = GorgiasRequests.requiredText(body, "", "type");
    if (!type.equals("http")) {
      throw GorgiasError.invalid("type", "Only integrations of type http can be created through the API.");
    }
    GorgiasIntegration.Http http = http(body.path("http"), IDS.incrementAndGet());
    GorgiasIntegration i = new GorgiasIntegration(IDS.incrementAndGet(), caller, name,
        GorgiasRequests.text(body, "", "description"), http);
    if (body.has("deactivated_datetime") && !body.get("deactivated_datetime").isNull()) {
      i.deactivated = GorgiasRequests.datetime(body, "", "deactivated_datetime");
    }
    byId.put(i.id, i);
    return i;
  }

  /** PUT /integrations/{id}: the given fields replace the old ones; {@code deactivated_datetime:null} reactivates. */
  GorgiasIntegration update(long id, JsonNode body) {
    GorgiasIntegration i = get(id);
    GorgiasRequests.only(body, "", FIELDS);
    String name = body.has("name") ? name(body) : i.name;
    if (body.has("type") && !"http".equals(GorgiasRequests.text(body, "", "type"))) {
      throw GorgiasError.invalid("type", "The type of an integration cannot change.");
    }
    GorgiasIntegration.Http http = body.has("http") ? http(body.get("http"), i.http.id()) : i.http;
    Instant deactivated = i.deactivated;
    if (body.has("deactivated_datetime")) {
      deactivated = body.get("deactivated_datetime").isNull() ? null
          : GorgiasRequests.datetime(body, "", "deactivated_datetime");
    }
    i.name = name;
    i.description = body.has("description") ? GorgiasRequests.text(body, "", "description") : i.description;
    i.http = http;
    if (i.deactivated != null && deactivated == null) {
      deliveries.resetFailures(i.id);
    }
    i.deactivated = deactivated;
    i.updated = Instant.now();
    return i;
  }

  void delete(long id) {
    get(id);
    byId.remove(id);
    deliveries.remove(id);
  }

  GorgiasIntegration get(long id) {
    return find(id).orElseThrow(() -> GorgiasError.notFound("Integration", id));
  }

  Optional<GorgiasIntegration> find(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  List<GorgiasIntegration> all() {
    return new ArrayList<>(byId.values());
  }

  /** Tells every active integration that wants {@code trigger} about the ticket. */
  void fire(String trigger, Map<String, Object> ticket) {
    Map<String, Object> context = KitJson.object("ticket", ticket, "event", KitJson.object("type", trigger));
    for (GorgiasIntegration i : byId.values()) {
      GorgiasIntegration.Http http = i.http;
      if (i.active() && http.fires(trigger)) {
        deliveries.send(i, trigger, GorgiasTemplate.render(http.url(), context),
            GorgiasTemplate.renderForm(http.form(), context));
      }
    }
  }

  private static String name(JsonNode body) {
    String name = GorgiasRequests.requiredText(body, "", "name");
    if (name.length() > 255) {
      throw GorgiasError.invalid("name", "Longer than maximum length 255.");
    }
    return name;
  }

  private static GorgiasIntegration.Http http(JsonNode http, long id) {
    if (!http.isObject()) {
      throw GorgiasError.invalid("http", "Missing data for required field.");
    }
    GorgiasRequests.only(http, "http", HTTP_FIELDS);
    String url = GorgiasRequests.requiredText(http, "http", "url");
    URI uri;
    try {
      uri = URI.create(url.replaceAll("\\{\\{[^}]*}}", "x"));
    } catch (IllegalArgumentException e) {
      throw GorgiasError.invalid("http.url", "Not a valid URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw GorgiasError.invalid("http.url", "Not a valid URL.");
    }
    String method = GorgiasRequests.text(http, "http", "method");
    if (method == null || !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
      throw GorgiasError.invalid("http.method", "Must be one of: DELETE, GET, PATCH, POST, PUT.");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode h = http.path("headers");
    if (!h.isMissingNode() && !h.isNull()) {
      if (!h.isObject()) {
        throw GorgiasError.invalid("http.headers", "Not a valid mapping of header names to values.");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || !e.getValue().isTextual()
            || e.getValue().asText().matches("(?s).*[\\r\\n].*")) {
          throw GorgiasError.invalid("http.headers." + e.getKey(), "A header needs a valid name and a one-line "
              + "string value.");
        }
        headers.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode form = http.path("form");
    if (!form.isMissingNode() && !form.isNull() && !form.isObject() && !form.isTextual()) {
      throw GorgiasError.invalid("http.form", "Not a valid form: give an object or a string template.");
    }
    String request = contentType(http, "request_content_type");
    String response = contentType(http, "response_content_type");
    return new GorgiasIntegration.Http(id, url, method.toUpperCase(Locale.ROOT), headers,
        form.isMissingNode() ? null : form, request, response, triggers(http.path("triggers")));
  }

  private static String contentType(JsonNode http, String field) {
    String v = GorgiasRequests.text(http, "http", field);
    if (v == null) {
      return "application/json";
    }
    if (!CONTENT_TYPES.contains(v)) {
      throw GorgiasError.invalid(path("http", field), "Must be one of: application/json, "
          + "application/x-www-form-urlencoded.");
    }
    return v;
  }

  private static Map<String, Boolean> triggers(JsonNode t) {
    if (!t.isObject() || t.isEmpty()) {
      throw GorgiasError.invalid("http.triggers", "Give the triggers as {\"<trigger>\": true}.");
    }
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!TRIGGERS.contains(GorgiasIntegration.Http.canonical(e.getKey()))) {
        throw GorgiasError.invalid("http.triggers." + e.getKey(), "Unknown trigger.");
      }
      if (!e.getValue().isBoolean()) {
        throw GorgiasError.invalid("http.triggers." + e.getKey(), "Not a valid boolean.");
      }
      out.put(e.getKey(), e.getValue().asBoolean());
    }
    return out;
  }

  @Override
  public void close() {
    deliveries.close();
  }
}
