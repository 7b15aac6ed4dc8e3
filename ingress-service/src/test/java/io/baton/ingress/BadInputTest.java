package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.Topics;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input gets the right problem and changes nothing: a table of bad requests, each checked for status, problem
 * media type, type and the field named; then both input topics are read to their end for any of these conversations.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BadInputTest {
  static final String RUN = "bad-" + UUID.randomUUID().toString().substring(0, 8);
  static final String SF = "\"crmPlatform\": \"salesforce\", \"organizationId\": \"00D\", \"deploymentId\": \"572\","
      + " \"buttonId\": \"573\", \"liveAgentHostname\": \"d.la.example.com\"";
  static KafkaBroker kafka;
  static IngressService ingress;
  static TestClient client;

  @RegisterExtension
  static final IngressUnderTest INGRESS = new IngressUnderTest();

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    ingress = INGRESS.service();
    client = new TestClient(ingress.port());
  }

  /** One bad request: what is sent, and the problem expected (slug null: about:blank; field null: none named). */
  record Case(String name, String method, String path, String contentType, HttpRequest.BodyPublisher body,
      String[] headers, int status, String slug, String field) {}

  static int n;

  static String path(String endpoint) {
    return "/v1/conversations/" + RUN + "-" + (++n) + "/" + endpoint;
  }

  static Case post(String name, String endpoint, String body, int status, String slug, String field) {
    return new Case(name, "POST", path(endpoint), "application/json", HttpRequest.BodyPublishers.ofString(body),
        new String[0], status, slug, field);
  }

  static Case message(String name, String body, int status, String slug, String field) {
    return post("messages: " + name, "messages", body, status, slug, field);
  }

  static Case handover(String name, String body, int status, String slug, String field) {
    return post("handover: " + name, "handover", body, status, slug, field);
  }

  static Case invalid(String name, String payload, String field) {
    return handover(name, payload, 422, "validation-failed", field);
  }

  static List<Case> cases() {
    String big = "{\"text\": \"" + "x".repeat(70 * 1024) + "\"}";
    List<Case> cases = new ArrayList<>(List.of(
        message("malformed JSON", "{\"text\": \"hi\"", 400, "malformed-json", null),
        message("not an object", "[\"hi\"]", 400, "not-an-object", null),
        message("a bare string", "\"hi\"", 400, "not-an-object", null),
        message("empty body", "", 400, "malformed-json", null),
        message("trailing content", "{\"text\": \"hi\"} {}", 400, "malformed-json", null),
        message("duplicate member", "{\"text\": \"hi\", \"text\": \"ho\"}", 400, "malformed-json", null),
        message("comment", "{\"text\": \"hi\" /* no */}", 400, "malformed-json", null),
        message("single quotes", "{'text': 'hi'}", 400, "malformed-json", null),
        message("missing text", "{}", 422, "validation-failed", "text"),
        message("null text", "{\"text\": null}", 422, "validation-failed", "text"),
        message("blank text", "{\"text\": \" \\n\\t \"}", 422, "validation-failed", "text"),
        message("text too long", "{\"text\": \"" + "é".repeat(4001) + "\"}", 422, "validation-failed", "text"),
        message("text not a string", "{\"text\": 42}", 422, "validation-failed", "text"),
        message("context not an object", "{\"text\": \"hi\", \"context\": \"Ada\"}", 422, "validation-failed",
            "context"),
        message("context name not a string", "{\"text\": \"hi\", \"context\": {\"name\": 7}}", 422,
            "validation-failed", "context.name"),
        message("page property not a string",
            "{\"text\": \"hi\", \"context\": {\"pageProperties\": {\"screenRes\": [1920, 1080]}}}", 422,
            "validation-failed", "context.pageProperties.screenRes"),
        message("body of 70 KiB", big, 413, "body-too-large", null),
        new Case("messages: chunked body of 70 KiB", "POST", path("messages"), "application/json",
            TestClient.chunked(big), new String[0], 413, "body-too-large", null),
        new Case("messages: text/plain", "POST", path("messages"), "text/plain",
            HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"), new String[0], 415, null, null),
        new Case("messages: bad conversation id", "POST", "/v1/conversations/" + RUN + "%20x/messages",
            "application/json", HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"), new String[0], 400,
            "invalid-conversation-id", "conversationId"),
        new Case("messages: conversation id of 129 characters", "POST",
            "/v1/conversations/" + RUN + "x".repeat(129 - RUN.length()) + "/messages", "application/json",
            HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"), new String[0], 400,
            "invalid-conversation-id", "conversationId"),
        new Case("messages: bad tenant header", "POST", path("messages"), "application/json",
            HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"), new String[] {"X-Baton-Tenant", "acme/eu"},
            400, "invalid-tenant", "X-Baton-Tenant"),
        new Case("messages: wrong method", "GET", path("messages"), null, HttpRequest.BodyPublishers.noBody(),
            new String[0], 405, null, null),
        new Case("unknown path", "POST", "/v1/conversation/" + RUN + "/messages", "application/json",
            HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"), new String[0], 404, null, null),

        handover("malformed JSON", "{\"crmPlatform\": ", 400, "malformed-json", null),
        handover("not an object", "[]", 400, "not-an-object", null),
        invalid("missing crmPlatform", "{\"widgetId\": \"w\"}", "crmPlatform"),
        invalid("unknown crmPlatform", "{\"crmPlatform\": \"zendesk\"}", "crmPlatform"),
        invalid("crmPlatform not a string", "{\"crmPlatform\": 1}", "crmPlatform"),
        invalid("salesforce without organizationId", "{" + SF.replace("\"organizationId\": \"00D\",", "") + "}",
            "organizationId"),
        invalid("salesforce without deploymentId", "{" + SF.replace("\"deploymentId\": \"572\",", "") + "}",
            "deploymentId"),
        invalid("salesforce without buttonId", "{" + SF.replace("\"buttonId\": \"573\",", "") + "}", "buttonId"),
        invalid("salesforce without liveAgentHostname",
            "{" + SF.replace(", \"liveAgentHostname\": \"d.la.example.com\"", "") + "}", "liveAgentHostname"),
        invalid("salesforce with empty buttonId", "{" + SF.replace("\"573\"", "\"\"") + "}", "buttonId"),
        invalid("salesforce isPost \"yes\"", "{" + SF + ", \"isPost\": \"yes\"}", "isPost"),
        invalid("salesforce buttonOverrides of numbers", "{" + SF + ", \"buttonOverrides\": [1]}",
            "buttonOverrides[0]"),
        invalid("salesforce prechatDetails without label",
            "{" + SF + ", \"prechatDetails\": [{\"value\": \"v\"}]}", "prechatDetails[0].label"),
        invalid("salesforce prechatEntities not an array", "{" + SF + ", \"prechatEntities\": {}}",
            "prechatEntities"),
        invalid("salesforce entityFieldsMaps doFind not a boolean", "{" + SF
            + ", \"prechatEntities\": [{\"entityName\":"
            + " \"Contact\", \"entityFieldsMaps\": [{\"fieldName\": \"Email\", \"label\": \"Email\", \"doFind\": 1}]}]}",
            "prechatEntities[0].entityFieldsMaps[0].doFind"),
        invalid("dixa without widgetId", "{\"crmPlatform\": \"dixa\", \"queueId\": \"q\"}", "widgetId"),
        invalid("dixa tags \"x\"", "{\"crmPlatform\": \"dixa\", \"widgetId\": \"w\", \"tags\": \"x\"}", "tags"),
        invalid("oracle without sessionInformation", "{\"crmPlatform\": \"oracle_chat\"}", "sessionInformation"),
        invalid("oracle sessionInformation not JSON",
            "{\"crmPlatform\": \"oracle_chat\", \"sessionInformation\": \"emailAddress=a@b.c\"}",
            "sessionInformation"),
        invalid("oracle sessionInformation an array",
            "{\"crmPlatform\": \"oracle_chat\", \"sessionInformation\": \"[1, 2]\"}", "sessionInformation"),
        invalid("oracle sessionInformation an object, not text",
            "{\"crmPlatform\": \"oracle_chat\", \"sessionInformation\": {\"emailAddress\": \"a@b.c\"}}",
            "sessionInformation"),
        invalid("miaw without its three fields", "{\"crmPlatform\": \"salesforce_miaw\"}", "scrtUrl"),
        invalid("empty connectionId", "{\"crmPlatform\": \"dixa\", \"widgetId\": \"w\", \"connectionId\": \"\"}",
            "connectionId"),
        invalid("placeholder without value",
            "{\"crmPlatform\": \"dixa\", \"widgetId\": \"w\", \"email\": \"{{email}}\"}", "email"),
        invalid("transcript not an array", "{\"crmPlatform\": \"freshchat\", \"transcript\": \"hi\"}", "transcript"),
        invalid("transcript with unknown role", "{\"crmPlatform\": \"freshchat\", \"transcript\": "
            + "[{\"role\": \"robot\", \"text\": \"hi\", \"at\": \"2025-05-01T10:00:00Z\"}]}", "transcript[0].role"),
        invalid("transcript with bad timestamp", "{\"crmPlatform\": \"freshchat\", \"transcript\": "
            + "[{\"role\": \"bot\", \"text\": \"hi\", \"at\": \"yesterday\"}]}", "transcript[0].at"),
        invalid("context of wrong type", "{\"crmPlatform\": \"freshchat\", \"context\": []}", "context"),
        handover("body of 70 KiB", "{\"crmPlatform\": \"freshchat\", \"name\": \"" + "x".repeat(70 * 1024) + "\"}",
            413, "body-too-large", null),
        new Case("handover: form content type", "POST", path("handover"), "application/x-www-form-urlencoded",
            HttpRequest.BodyPublishers.ofString("crmPlatform=dixa"), new String[0], 415, null, null),
        new Case("handover: bad conversation id", "POST", "/v1/conversations/" + RUN + "%2Fx/handover",
            "application/json", HttpRequest.BodyPublishers.ofString(Seeds.ORACLE), new String[0], 400,
            "invalid-conversation-id", "conversationId"),
        new Case("handover: empty tenant header", "POST", path("handover"), "application/json",
            HttpRequest.BodyPublishers.ofString(Seeds.ORACLE), new String[] {"X-Baton-Tenant", ""}, 400,
            "invalid-tenant", "X-Baton-Tenant"),
        new Case("handover: wrong method", "PUT", path("handover"), "application/json",
            HttpRequest.BodyPublishers.ofString(Seeds.ORACLE), new String[0], 405, null, null),
        new Case("events: bad Last-Event-ID", "GET", path("events"), null, HttpRequest.BodyPublishers.noBody(),
            new String[] {"Last-Event-ID", "seven"}, 400, "invalid-last-event-id", "Last-Event-ID"),
        new Case("events: bad conversation id", "GET", "/v1/conversations/" + "x".repeat(129) + "/events", null,
            HttpRequest.BodyPublishers.noBody(), new String[0], 400, "invalid-conversation-id", "conversationId"),
        new Case("events: wrong method", "POST", path("events"), null, HttpRequest.BodyPublishers.noBody(),
            new String[0], 405, null, null)));
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> badInputGetsAProblemAndProducesNothing() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : cases()) {
      tests.add(dynamicTest(c.name(), () -> check(c)));
    }
    tests.add(dynamicTest("nothing reached conversation.inputs.v1", () -> {
      for (var topic : List.of(Topics.CONVERSATION_INPUTS)) {
        var leaked = kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer())
            .stream().filter(r -> r.key().contains(RUN)).toList();
        assertEquals(List.of(), leaked, topic.name());
      }
    }));
    return tests.stream();
  }

  static void check(Case c) {
    List<String> headers = new ArrayList<>(List.of(c.headers()));
    if (c.contentType() != null) {
      headers.add("Content-Type");
      headers.add(c.contentType());
    }
    TestClient.Response r = client.send(c.method(), c.path(), c.body(), headers.toArray(String[]::new));
    assertEquals(c.status(), r.status(), r.body());
    assertTrue(r.contentType() != null && r.contentType().startsWith("application/problem+json"),
        "content type " + r.contentType());
    JsonNode problem = r.json();
    assertEquals(c.slug() == null ? "about:blank" : "https://baton.dev/problems/" + c.slug(),
        problem.get("type").asText(), r.body());
    assertEquals(c.status(), problem.get("status").asInt());
    assertTrue(problem.get("title").asText().length() > 0);
    assertTrue(problem.get("detail").asText().length() > 0);
    if (c.field() != null) {
      JsonNode errors = problem.get("errors");
      assertTrue(errors != null && errors.isArray(), r.body());
      boolean named = false;
      for (JsonNode e : errors) {
        named |= e.get("field").asText().equals(c.field());
        assertTrue(e.get("message").asText().contains(e.get("field").asText()) || c.status() == 400, r.body());
      }
      assertTrue(named, "field " + c.field() + " not named in " + r.body());
      assertTrue(problem.get("detail").asText().contains(c.field()), r.body());
    }
    if (c.status() == 405) {
      assertTrue(r.headers().firstValue("Allow").isPresent(), "Allow header");
    }
  }
}
