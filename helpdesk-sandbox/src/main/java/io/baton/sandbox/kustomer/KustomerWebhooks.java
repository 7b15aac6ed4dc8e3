package io.baton.sandbox.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The org's outbound webhooks: a name, an https URL (plain http only to the settings' {@code plainHttpHosts} and
 * dot-less names), 1..12 known event names and extra headers sent with every delivery; the signing {@code token} is
 * answered only at creation. {@link #emit} sends an event to every enabled webhook that wants it through
 * {@link KustomerDeliveries}. Registration runs under the simulator's monitor; the sender's threads only read.
 */
final class KustomerWebhooks implements AutoCloseable {
  static final int MAX_EVENTS = 12;
  static final int MAX_NAME = 255;
  /** The events this simulator fires. */
  static final Set<String> FIRED = Set.of("kustomer.message.create", "kustomer.conversation.update",
      "kustomer.conversation.typing", "kustomer.customer.create", "kustomer.customer.update");
  /** Accepted at registration; those not in {@link #FIRED} never fire here. */
  static final Set<String> KNOWN = Set.of("kustomer.message.create", "kustomer.message.update",
      "kustomer.conversation.create", "kustomer.conversation.update", "kustomer.conversation.typing",
      "kustomer.customer.create", "kustomer.customer.update", "kustomer.customer.delete", "kustomer.note.create",
      "kustomer.note.update", "kustomer.user.create", "kustomer.user.update");
  /** Header names a registration may not set: the delivery's own. */
  private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host",
      "x-kustomer-webhook-event", "x-kustomer-webhook-signature");
  private static final SecureRandom RANDOM = new SecureRandom();

  record Header(String name, String value) {}

  static final class Webhook {
    final String id;
    final String token;
    volatile String name;
    volatile String url;
    volatile List<String> events;
    volatile List<Header> headers;
    volatile boolean enabled = true;

    Webhook(String id, String token, String name, String url, List<String> events, List<Header> headers) {
      this.id = id;
      this.token = token;
      this.name = name;
      this.url = url;
      this.events = List.copyOf(events);
      this.headers = List.copyOf(headers);
    }
  }

  private final KustomerSettings settings;
  private final Map<String, Webhook> webhooks = new ConcurrentSkipListMap<>(); // ids sort by creation
  private final KustomerDeliveries deliveries;

  KustomerWebhooks(KustomerSettings settings) {
    this.settings = settings;
    this.deliveries = new KustomerDeliveries(settings, this::find);
  }

  /** POST /v1/outbound-webhooks. */
  Webhook create(JsonNode body) {
    KustomerRequests.only(body, Set.of("name", "url", "events", "headers"));
    String name = checkedName(body);
    String url = checkedUrl(KustomerRequests.requiredText(body, "url"));
    List<String> events = checkedEvents(body.get("events"));
    List<Header> headers = body.has("headers") ? checkedHeaders(body.get("headers")) : List.of();
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    Webhook w = new Webhook(KustomerIds.next(), HexFormat.of().formatHex(secret), name, url, events, headers);
    webhooks.put(w.id, w);
    return w;
  }

  /** PATCH: the given fields change; enabling again clears the failures that disabled it. */
  Webhook update(String id, JsonNode body) {
    Webhook w = get(id);
    KustomerRequests.only(body, Set.of("name", "url", "events", "headers", "enabled"));
    String name = body.has("name") ? checkedName(body) : w.name;
    String url = body.has("url") ? checkedUrl(KustomerRequests.requiredText(body, "url")) : w.url;
    List<String> events = body.has("events") ? checkedEvents(body.get("events")) : w.events;
    List<Header> headers = body.has("headers") ? checkedHeaders(body.get("headers")) : w.headers;
    Boolean enabled = null;
    if (body.has("enabled")) {
      if (!body.get("enabled").isBoolean()) {
        throw KustomerError.invalid("/enabled", "enabled must be a boolean");
      }
      enabled = body.get("enabled").asBoolean();
    }
    w.name = name;
    w.url = url;
    w.events = events;
    w.headers = headers;
    if (enabled != null) {
      w.enabled = enabled;
    }
    return w;
  }

  void delete(String id) {
    get(id);
    webhooks.remove(id);
    deliveries.remove(id);
  }

  Webhook get(String id) {
    return find(id).orElseThrow(() -> KustomerError.notFound("Outbound webhook", id));
  }

  Optional<Webhook> find(String id) {
    return Optional.ofNullable(id == null ? null : webhooks.get(id));
  }

  List<Webhook> all() {
    return new ArrayList<>(webhooks.values());
  }

  KustomerDeliveries deliveries() {
    return deliveries;
  }

  /** One event to every enabled webhook subscribed to it: {@code {id, name, org, createdAt, data, changes?}}. */
  void emit(String event, Map<String, Object> data, Map<String, Object> changes) {
    if (!FIRED.contains(event)) {
      throw new IllegalArgumentException("not an event this simulator fires: " + event);
    }
    String eventId = KustomerIds.next();
    Map<String, Object> envelope = KitJson.object("id", eventId, "name", event, "org", KustomerOrg.ORG_ID,
        "createdAt", Instant.now().toString(), "data", data);
    if (changes != null) {
      envelope.put("changes", changes);
    }
    String body = KitJson.write(envelope);
    for (Webhook w : webhooks.values()) {
      if (w.enabled && w.events.contains(event)) {
        deliveries.send(w, eventId, event, body);
      }
    }
  }

  private static String checkedName(JsonNode body) {
    String name = KustomerRequests.requiredText(body, "name");
    if (name.length() > MAX_NAME) {
      throw KustomerError.invalid("/name", "name must be at most " + MAX_NAME + " characters");
    }
    return name;
  }

  private String checkedUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw KustomerError.invalid("/url", "url is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw KustomerError.invalid("/url", "url must be an absolute https URL");
    }
    if (scheme.equals("http") && !settings.plainHttpAllowed(uri.getHost())) {
      throw KustomerError.invalid("/url", "url must use https");
    }
    return url;
  }

  private static List<String> checkedEvents(JsonNode events) {
    if (events == null || !events.isArray() || events.isEmpty() || events.size() > MAX_EVENTS) {
      throw KustomerError.invalid("/events", "events must be a list of 1 to " + MAX_EVENTS + " event names");
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      if (!e.isTextual() || !KNOWN.contains(e.asText())) {
        throw KustomerError.invalid("/events/" + i, "unknown event " + e + "; known: " + KNOWN);
      }
      if (!names.add(e.asText())) {
        throw KustomerError.invalid("/events/" + i, "event " + e.asText() + " is listed twice");
      }
    }
    return List.copyOf(names);
  }

  private static List<Header> checkedHeaders(JsonNode headers) {
    if (!headers.isArray()) {
      throw KustomerError.invalid("/headers", "headers must be a list of {name, value}");
    }
    List<Header> out = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      JsonNode h = headers.get(i);
      JsonNode name = h.path("name");
      if (!name.isTextual() || !name.asText().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw KustomerError.invalid("/headers/" + i + "/name", "a header needs a valid name");
      }
      if (RESERVED_HEADERS.contains(name.asText().toLowerCase(Locale.ROOT))) {
        throw KustomerError.invalid("/headers/" + i + "/name", name.asText() + " is set by Kustomer itself");
      }
      if (!h.path("value").isTextual() || h.path("value").asText().matches(".*[\\r\\n].*")) {
        throw KustomerError.invalid("/headers/" + i + "/value", "a header needs a one-line string value");
      }
      out.add(new Header(name.asText(), h.get("value").asText()));
    }
    return out;
  }

  @Override
  public void close() {
    deliveries.close();
  }
}
