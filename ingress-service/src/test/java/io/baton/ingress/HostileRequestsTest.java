package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.ingress.auth.WidgetTokens;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationKey;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Over a thousand malformed or hostile requests, generated from a fixed seed: each has at least one defect that must
 * be refused (credential, tenant, path, method, media type, size, syntax, types, idempotency key). Every answer must
 * be a 4xx, and the end offsets of every topic the ingress writes must not move.
 */
@ExtendWith(KafkaBrokerExtension.class)
class HostileRequestsTest {
  static final int REQUESTS_PER_KIND = 90;
  static KafkaBroker kafka;
  static IngressService ingress;
  static TestClient anonymous;

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    ingress = new IngressService(TestKeys.config().withMaxBodyBytes(8 * 1024),
        KafkaSettings.of(broker.bootstrapServers()));
    ingress.start();
    anonymous = TestClient.anonymous(ingress.port());
  }

  @AfterAll
  static void stop() {
    ingress.stop();
  }

  record Request(String kind, String method, String path, byte[] body, String[] headers) {}

  /** Valid requests of every write route: the fuzzer breaks exactly these. */
  static final List<String[]> VALID = List.of(
      new String[] {"POST", "messages", "{\"text\":\"hello\",\"context\":{\"name\":\"Ada\"}}"},
      new String[] {"POST", "typing", "{\"typing\":true}"},
      new String[] {"POST", "read", "{\"upToSequence\":3}"},
      new String[] {"POST", "bot-messages", "{\"text\":\"hi\",\"quickReplies\":[{\"title\":\"Yes\"}]}"},
      new String[] {"POST", "handover", "{\"crmPlatform\":\"dixa\",\"widgetId\":\"w-1\"}"},
      new String[] {"POST", "connections", "{\"platform\":\"dixa\",\"name\":\"D\",\"secrets\":{\"t\":\"s\"}}"},
      new String[] {"POST", "segment/identify", "{\"userId\":\"u-1\",\"traits\":{\"email\":\"a@b.c\"}}"},
      new String[] {"POST", "segment/track", "{\"userId\":\"u-1\",\"event\":\"Live Chat Conversation Started\","
          + "\"properties\":{\"conversation_id\":\"c-1\"}}"},
      new String[] {"PUT", "webhook", "{\"url\":\"https://bot.example/hook\"}"});

  /** Members whose type the routes check, per route, and values of the wrong type. */
  static final Map<String, List<String>> TYPED = Map.of(
      "messages", List.of("text", "context"), "typing", List.of("typing"), "read", List.of("upToSequence"),
      "bot-messages", List.of("text", "quickReplies"), "handover", List.of("crmPlatform", "widgetId"),
      "connections", List.of("platform", "name", "secrets"), "segment/identify", List.of("userId"),
      "segment/track", List.of("event", "properties"), "webhook", List.of("url"));
  static final List<String> WRONG_TYPES = List.of("42", "-1.5e300", "true", "[]", "[1,2]", "{\"a\":{}}", "\"\"");

  static String path(String route, String id) {
    if (route.equals("connections") || route.equals("webhook") || route.startsWith("segment/")) {
      return "/v1/" + route;
    }
    return "/v1/conversations/" + id + "/" + route;
  }

  static String[] bot(String tenant, String... more) {
    List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + TestKeys.bot(tenant),
        "Content-Type", "application/json"));
    h.addAll(List.of(more));
    return h.toArray(String[]::new);
  }

  static List<Request> requests() {
    Random random = new Random(20251121L);
    WidgetTokens tokens = new WidgetTokens(TestKeys.TOKEN_SECRET);
    List<Request> out = new ArrayList<>();
    Map<String, Supplier<Request>> kinds = new TreeMap<>();
    Supplier<String[]> valid = () -> VALID.get(random.nextInt(VALID.size()));
    Supplier<String> id = () -> "fuzz-" + random.nextInt(1_000_000);

    kinds.put("no or unknown credential", () -> {
      String[] v = valid.get();
      String[] creds = {null, "Bearer ", "Bearer nope-" + random.nextInt(), "Basic YTpi", "bearer",
          "Bearer " + TestKeys.bot("demo") + "x", "Bearer wt1." + random.nextInt() + ".x"};
      String c = creds[random.nextInt(creds.length)];
      String[] h = c == null ? new String[] {"Content-Type", "application/json"}
          : new String[] {"Authorization", c, "Content-Type", "application/json"};
      return new Request("credential", v[0], path(v[1], id.get()), bytes(v[2]), h);
    });
    kinds.put("another tenant", () -> {
      String[] v = valid.get();
      return new Request("tenant", v[0], path(v[1], id.get()), bytes(v[2]), bot("tenant-a", "X-Baton-Tenant",
          random.nextBoolean() ? "tenant-b" : "acme"));
    });
    kinds.put("bad tenant header", () -> {
      String[] v = valid.get();
      String[] bad = {"", "a/b", "a b", "../demo", "x".repeat(129), "demo;drop", "ü"};
      return new Request("tenant header", v[0], path(v[1], id.get()), bytes(v[2]),
          bot("demo", "X-Baton-Tenant", bad[random.nextInt(bad.length)]));
    });
    kinds.put("widget token out of scope", () -> {
      String[] v = VALID.get(random.nextInt(4)); // visitor routes and bot messages
      String conversation = id.get();
      boolean expired = random.nextBoolean();
      String token = tokens.mint(new ConversationKey("tenant-a", expired ? conversation : conversation + "-other"),
          expired ? Instant.now().minusSeconds(1 + random.nextInt(1000)) : Instant.now().plusSeconds(600));
      return new Request("widget token", v[0], path(v[1], conversation), bytes(v[2]),
          new String[] {"Authorization", "Bearer " + token, "Content-Type", "application/json"});
    });
    kinds.put("key in the query", () -> {
      String[] v = valid.get();
      String p = path(v[1], id.get()) + "?access_token=" + TestKeys.bot("demo");
      return new Request("query key", v[0], p, bytes(v[2]), new String[] {"Content-Type", "application/json"});
    });
    kinds.put("path tricks", () -> {
      String[] v = VALID.get(random.nextInt(5));
      String[] ids = {"..", "%2e%2e", "a%2Fb", "a%00b", "%20", "x".repeat(129), "a%3Bb", "%C3%BC", "a%5Cb",
          "..%2F..%2Fconnections", "%252e", "a.b%7Cc", "%E2%80%AE"};
      String p = "/v1/conversations/" + ids[random.nextInt(ids.length)] + "/" + v[1];
      return new Request("path", v[0], p, bytes(v[2]), bot("demo"));
    });
    kinds.put("unknown routes and wrong methods", () -> {
      String[][] routes = {{"PUT", "/v1/conversations/c/messages"}, {"DELETE", "/v1/conversations/c/handover"},
          {"GET", "/v1/conversations/c/typing"}, {"POST", "/v1/conversations/c"}, {"PATCH", "/v1/connections"},
          {"POST", "/v1/conversations/c/unknown"}, {"POST", "/v1/connections/x/y"}, {"PUT", "/v1/connections/x"},
          {"POST", "/v1/conversations/c/events"}, {"POST", "/v2/conversations/c/messages"}, {"POST", "/v1"},
          {"DELETE", "/v1/conversations/c/messages"}, {"POST", "/v1/openapi.json"}};
      String[] r = routes[random.nextInt(routes.length)];
      return new Request("route", r[0], r[1], bytes("{\"text\":\"hi\"}"), bot("demo"));
    });
    kinds.put("media type", () -> {
      String[] v = valid.get();
      String[] types = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
          "application/xml", "text/json", "image/png"};
      return new Request("media type", v[0], path(v[1], id.get()), bytes(v[2]), new String[] {"Authorization",
          "Bearer " + TestKeys.bot("demo"), "Content-Type", types[random.nextInt(types.length)]});
    });
    kinds.put("huge body", () -> {
      String[] v = valid.get();
      int size = 8 * 1024 + 1 + random.nextInt(200_000);
      String body = "{\"text\":\"" + "x".repeat(size) + "\"}";
      return new Request("huge", v[0], path(v[1], id.get()), bytes(body), bot("demo"));
    });
    kinds.put("truncated JSON", () -> {
      String[] v = valid.get();
      String cut = v[2].substring(0, random.nextInt(v[2].length() - 1));
      return new Request("truncated", v[0], path(v[1], id.get()), bytes(cut), bot("demo"));
    });
    kinds.put("not JSON", () -> {
      String[] v = valid.get();
      String[] junk = {"text=hi", "'{}'", "{'text': 'hi'}", "{\"text\": \"hi\"} x", "{\"text\": \"hi\",,}",
          "{\"text\" \"hi\"}", "[]", "null", "42", "\"text\"", "{\"text\": NaN}", "{\"text\": 01}",
          "{\"a\":1,\"a\":2}", "\u0000", "{\"text\":\"\\ud800\"", "<xml/>"};
      byte[] body = random.nextInt(5) == 0 ? randomBytes(random) : bytes(junk[random.nextInt(junk.length)]);
      return new Request("not json", v[0], path(v[1], id.get()), body, bot("demo"));
    });
    kinds.put("deep nesting", () -> {
      String[] v = valid.get();
      int depth = 1500 + random.nextInt(3000);
      String body = "{\"text\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
      return new Request("nesting", v[0], path(v[1], id.get()), bytes(body), bot("demo"));
    });
    kinds.put("wrong types", () -> {
      String[] v = valid.get();
      List<String> members = TYPED.get(v[1]);
      String member = members.get(random.nextInt(members.size()));
      String wrong = WRONG_TYPES.get(random.nextInt(WRONG_TYPES.size()));
      if (member.equals("typing") && wrong.equals("true") || member.equals("upToSequence") && wrong.equals("42")) {
        wrong = "\"" + wrong + "\""; // the only right value of the list for the member: quoted, it is wrong
      }
      String body = v[2].replaceFirst("\"" + member + "\":(\"[^\"]*\"|\\{[^}]*\\}|\\[[^\\]]*\\]|[^,}]+)",
          "\"" + member + "\":" + wrong);
      if (body.equals(v[2])) {
        throw new AssertionError("no member " + member + " in " + v[2]);
      }
      // a wrong type that happens to be valid for the member (an object where one is wanted) gets a second defect
      if (wrong.startsWith("{")) { // an object where one is wanted: make one of its members wrong instead
        if (member.equals("context")) {
          body = body.replace("{\"a\":{}}", "{\"name\":[]}");
        } else if (member.equals("properties")) {
          body = body.replace("{\"a\":{}}", "{\"conversation_id\":[]}");
        } else if (member.equals("secrets")) {
          body = body.replace("{\"a\":{}}", "{\"a\":[]}");
        }
      }
      if (member.equals("quickReplies") && wrong.equals("[]")) {
        body = body.replace("\"quickReplies\":[]", "\"quickReplies\":[7]");
      }
      return new Request("types", v[0], path(v[1], id.get()), bytes(body), bot("demo"));
    });
    kinds.put("bad idempotency key", () -> {
      String[] v = VALID.get(random.nextInt(VALID.size() - 1)); // every POST (PUT /v1/webhook is idempotent)
      String[] keys = {"", "k".repeat(256), "tab\there", "k".repeat(4000)};
      return new Request("idempotency", v[0], path(v[1], id.get()), bytes(v[2]),
          bot("demo", "Idempotency-Key", keys[random.nextInt(keys.length)]));
    });
    for (Supplier<Request> kind : kinds.values()) {
      for (int i = 0; i < REQUESTS_PER_KIND; i++) {
        out.add(kind.get());
      }
    }
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] randomBytes(Random random) {
    byte[] b = new byte[1 + random.nextInt(300)];
    random.nextBytes(b);
    b[0] = (byte) ('!' + random.nextInt(50) % 26 == '{' ? 'x' : '!' + random.nextInt(26)); // never an object's '{'
    return b;
  }

  static Map<TopicPartition, Long> endOffsets() throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    for (var t : List.of(Topics.CONVERSATION_INPUTS, Topics.CONNECTIONS, Topics.WEBHOOKS)) {
      for (int p = 0; p < t.partitions(); p++) {
        latest.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
      }
    }
    try (var admin = kafka.admin()) {
      Map<TopicPartition, Long> out = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
      admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    }
  }

  @Test
  void everyHostileRequestGetsA4xxAndNothingReachesKafka() throws Exception {
    List<Request> requests = requests();
    assertTrue(requests.size() >= 1000, "only " + requests.size() + " requests");
    Map<TopicPartition, Long> before = endOffsets();
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (Request r : requests) {
      TestClient.Response response;
      try {
        response = anonymous.send(r.method(), r.path(), HttpRequest.BodyPublishers.ofByteArray(r.body()),
            r.headers());
      } catch (AssertionError e) {
        // the server may close the connection on a body it refuses to read to the end; that is a refusal too
        if (r.kind().equals("huge")) {
          statuses.merge(413, 1, Integer::sum);
          continue;
        }
        throw e;
      }
      int status = response.status();
      statuses.merge(status, 1, Integer::sum);
      assertTrue(status >= 400 && status < 500, r.kind() + " " + r.method() + " " + r.path() + " "
          + String.join(" ", r.headers()) + " "
          + new String(r.body(), 0, Math.min(200, r.body().length), StandardCharsets.UTF_8) + " -> " + status + " "
          + response.body());
    }
    assertEquals(before, endOffsets(), "a hostile request reached Kafka");
    System.out.println("fuzz: " + requests.size() + " requests, statuses " + statuses);
  }
}
