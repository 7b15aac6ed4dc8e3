package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.guard.IngressGuards;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a schema-driven fuzzer does, deterministic and fast: for every operation with a JSON body, requests built from
 * the document's schemas (the smallest valid body, then each member set to each boundary value of its constraints, or
 * left out) and a few path and header boundaries. The validator says whether the document accepts each request; the
 * server must then accept it (the operation's success status), or refuse it with a 4xx the operation documents
 * (which {@link TestClient} checks). The tenant is the test's own, acted for with the admin key.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SpecDrivenFuzzTest {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT = "fuzz-" + RUN;
  static final String ID = "^(?!\\.+$)[A-Za-z0-9._-]{1,128}$";
  static final String URL = "^[Hh][Tt][Tt][Pp][Ss]?://";
  /** Members whose accepted values depend on stored state, not on the document: not varied. */
  static final Set<String> STATEFUL = Set.of(
      "POST /v1/conversations/{id}/handover connectionId", // must name an active connection of the platform
      "PATCH /v1/connections/{connectionId} platform"); // must be the connection's own
  static final AtomicInteger COUNTER = new AtomicInteger();
  static IngressService ingress;
  static TestClient admin;
  static SchemaSamples samples;
  static JsonNode document;

  @BeforeAll
  static void start(KafkaBroker broker) {
    // hundreds of requests on one conversation in a second or two: far past a conversation's rate limit
    IngressGuards.RateLimit unlimited = new IngressGuards.RateLimit(1e6, 1_000_000);
    ingress = new IngressService(TestKeys.config(), KafkaSettings.of(broker.bootstrapServers()),
        IngressGuards.defaults().withRates(unlimited, unlimited));
    ingress.start();
    admin = new TestClient(ingress.port());
    document = ApiContract.documentJson();
    samples = new SchemaSamples(document, patterns());
    // the platforms whose handovers take the tenant's one active connection
    for (String platform : List.of("zendesk_sunco", "zendesk_support")) {
      assertEquals(201, send("POST", "/v1/connections", "{\"platform\":\"" + platform + "\",\"name\":\"n\"}").status());
    }
  }

  @AfterAll
  static void stop() {
    ingress.stop();
  }

  static Map<String, SchemaSamples.PatternSample> patterns() {
    Map<String, SchemaSamples.PatternSample> p = new LinkedHashMap<>();
    p.put("\\S", new SchemaSamples.PatternSample(n -> "x".repeat(n), List.of("", "   ")));
    p.put(ID, new SchemaSamples.PatternSample(SpecDrivenFuzzTest::uniqueId, List.of(".", "..", "a/b", "a b", "")));
    String url = "https://files.example.com/";
    p.put(document.at("/components/schemas/Attachment/properties/url/pattern").asText(),
        new SchemaSamples.PatternSample(n -> url + "a".repeat(Math.max(1, n - url.length())),
            List.of("ftp://files.example.com/a", "https://", "files.example.com/a", "https://exa mple.com/",
                "https://a.example/%zz", "https://a..example/", "https://a.1/", "https://a.example/é",
                "https://300.1.1.1/", "https://[::1]/")));
    p.put(document.at("/components/schemas/Attachment/properties/contentType/pattern").asText(),
        new SchemaSamples.PatternSample(n -> "image/png", List.of("image", "image/png; q=1", "/png")));
    p.put("^\\s*\\{[\\s\\S]*\\}\\s*$", new SchemaSamples.PatternSample(n -> "{\"emailAddress\":\"ada@example.com\"}",
        List.of("nope", "[1]")));
    p.put("^(zendesk_sunco|[Ss][Uu][Nn][Cc][Oo])$",
        new SchemaSamples.PatternSample(n -> "SunCo", List.of("sunco2", "zendesk")));
    return p;
  }

  /** Connection ids must not repeat (a repeat is a 409): each is new, padded to the length asked for. */
  static String uniqueId(int length) {
    String id = "f" + RUN + "-" + COUNTER.incrementAndGet();
    return id.length() >= length ? id : id + "x".repeat(length - id.length());
  }

  /** The admin key for the test's tenant and a JSON body's media type, unless {@code headers} say otherwise. */
  static Map<String, String> headers(String body, String... given) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Authorization", "Bearer " + TestKeys.ADMIN);
    all.put("X-Baton-Tenant", TENANT);
    if (body != null) {
      all.put("Content-Type", "application/json");
    }
    for (int i = 0; i < given.length; i += 2) {
      all.put(given[i], given[i + 1]);
    }
    return all;
  }

  static TestClient.Response send(String method, String path, String body, String... given) {
    List<String> flat = new ArrayList<>();
    headers(body, given).forEach((name, value) -> {
      flat.add(name);
      flat.add(value);
    });
    return admin.send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body), flat.toArray(String[]::new));
  }

  record Outcome(String request, boolean validBySpec, int status, String undocumented) {}

  static Outcome exchange(String method, String path, String body, String... given) {
    Map<String, List<String>> sent = new LinkedHashMap<>();
    headers(body, given).forEach((name, value) -> sent.put(name, List.of(value)));
    boolean valid = ApiContract.requestViolations(method, path, sent, body).isEmpty();
    String shown = body == null || body.length() < 300 ? body : body.substring(0, 300) + "...";
    String request = method + " " + path + " " + String.join(" ", given) + " " + shown;
    try {
      return new Outcome(request, valid, send(method, path, body, given).status(), null);
    } catch (AssertionError undocumented) { // an answer the document does not describe
      return new Outcome(request, valid, -1, undocumented.getMessage());
    }
  }

  @Test
  void theServerAcceptsWhatTheDocumentAcceptsAndRefusesTheRest() {
    assertEquals(201, send("POST", "/v1/connections", "{\"connectionId\":\"" + TENANT + "-c\",\"platform\":"
        + "\"kustomer\",\"name\":\"to patch\"}").status());
    Map<String, String> concrete = Map.of("{id}", "c-" + RUN, "{connectionId}", TENANT + "-c");
    List<Outcome> outcomes = new ArrayList<>();
    Map<String, Integer> successes = new LinkedHashMap<>();
    document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      JsonNode schema = op.getValue().at("/requestBody/content/application~1json/schema");
      if (schema.isMissingNode() || path.getKey().startsWith("/v1/connections/") && op.getKey().equals("delete")) {
        return;
      }
      String method = op.getKey().toUpperCase();
      String route = method + " " + path.getKey();
      String url = path.getKey();
      for (Map.Entry<String, String> e : concrete.entrySet()) {
        url = url.replace(e.getKey(), e.getValue());
      }
      successes.put(route, success(op.getValue()));
      for (String body : bodies(route, schema)) {
        outcomes.add(exchange(method, url, body));
      }
    }));
    // path and header boundaries on one route of each kind
    for (String id : List.of("a", uniqueId(128), "a.b_c-D", ".", "..", "...", uniqueId(129), "a%20b", "a%2Fb",
        "a%00b")) {
      outcomes.add(exchange("POST", "/v1/conversations/" + id + "/typing", "{\"typing\":true}"));
      outcomes.add(exchange("POST", "/v1/conversations/" + id + "/widget-token", null));
    }
    for (String key : List.of("k", "k".repeat(255) + RUN, "k".repeat(256))) {
      outcomes.add(exchange("POST", "/v1/conversations/c-" + RUN + "/read", "{\"upToSequence\":1}",
          "Idempotency-Key", key.length() > 256 ? key.substring(0, 255 - RUN.length()) + RUN + "x" : key + RUN));
    }
    for (String tenant : List.of("t".repeat(128), "a.b_c-D", "t".repeat(129), "a b", "a/b", "")) {
      outcomes.add(exchange("POST", "/v1/conversations/c-" + RUN + "/typing", "{\"typing\":false}",
          "X-Baton-Tenant", tenant));
    }
    successes.put("POST /v1/conversations/{id}/widget-token", 201);

    List<String> disagreements = new ArrayList<>();
    for (Outcome o : outcomes) {
      String route = o.request().split(" ")[0] + " " + template(o.request().split(" ")[1]);
      int expected = successes.getOrDefault(route, 202);
      if (o.undocumented() != null) {
        disagreements.add(o.undocumented() + " for " + o.request());
      } else if (o.validBySpec() ? o.status() != expected : o.status() < 400 || o.status() >= 500) {
        disagreements.add((o.validBySpec() ? "valid by the document, answered " : "invalid by the document, answered ")
            + o.status() + ": " + o.request());
      }
    }
    System.out.println("spec-driven requests: " + outcomes.size() + ", valid "
        + outcomes.stream().filter(Outcome::validBySpec).count());
    assertEquals(List.of(), disagreements);
    long valid = outcomes.stream().filter(Outcome::validBySpec).count();
    assertTrue(valid > 100 && outcomes.size() - valid > 100,
        "both kinds are exercised: " + valid + " valid of " + outcomes.size());
  }

  /** The smallest valid body of each branch, then each member varied (one level deep) or left out. */
  static Set<String> bodies(String route, JsonNode schema) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode shared = samples.resolve(schema).path("properties");
    boolean first = true;
    for (JsonNode branch : samples.branches(schema)) {
      JsonNode base = samples.minimal(branch);
      out.add(base.toString());
      boolean varyShared = first;
      first = false;
      branch.path("properties").fields().forEachRemaining(p -> {
        // members every oneOf branch shares are varied in the first one only
        boolean own =
            !shared.has(p.getKey()) || !branch.path("properties").get(p.getKey()).equals(shared.get(p.getKey()));
        if (STATEFUL.contains(route + " " + p.getKey()) || !(varyShared || own)) {
          return;
        }
        for (JsonNode v : samples.variants(p.getValue(), 1)) {
          out.add(((ObjectNode) base.deepCopy()).set(p.getKey(), v).toString());
        }
        if (base.has(p.getKey())) {
          ObjectNode without = base.deepCopy();
          without.remove(p.getKey());
          out.add(without.toString());
        }
      });
    }
    return out;
  }

  static int success(JsonNode operation) {
    for (String status : List.of("200", "201", "202", "204")) {
      if (operation.path("responses").has(status)) {
        return Integer.parseInt(status);
      }
    }
    throw new AssertionError("no success status: " + operation);
  }

  /** The documented path a concrete one was made from. */
  static String template(String url) {
    if (url.startsWith("/v1/connections/")) {
      return "/v1/connections/{connectionId}";
    }
    return url.replaceFirst("^/v1/conversations/[^/]+", "/v1/conversations/{id}");
  }
}
