package io.baton.sandbox.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract check itself: it must refuse what the spec refuses, or the simulator's spec checks prove nothing. */
class OpenApiContractTest {
  private static final OpenApiContract SPEC = OpenApiContract.sunco();
  private static final String APP = "/v2/apps/65a1b2c3d4e5f60718293a4b";

  @Test
  void theSpecIsFoundInAnAncestorOrNamedByTheEnvironmentElseTheErrorNamesTheVariable(@TempDir Path dir)
      throws Exception {
    Path nested = Files.createDirectories(dir.resolve("a/b/c"));
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> OpenApiContract.suncoFile(null, nested, List.of(dir.resolve("elsewhere.yaml"))));
    assertTrue(missing.getMessage().contains(OpenApiContract.SUNCO_ENV), missing.getMessage());
    Path file = Files.createDirectories(dir.resolve("shared/specs")).resolve("sunshine-conversations-openapi.yaml");
    Files.writeString(file, "openapi: 3.0.2\n");
    assertEquals(file, OpenApiContract.suncoFile(null, nested, List.of()));
    assertEquals(file, OpenApiContract.suncoFile(null, Path.of("/"), List.of(dir.resolve("elsewhere.yaml"), file)));
    assertEquals(file, OpenApiContract.suncoFile(file.toString(), Path.of("/"), List.of()));
    IllegalStateException wrongEnv = assertThrows(IllegalStateException.class,
        () -> OpenApiContract.suncoFile(dir.resolve("nope.yaml").toString(), nested, List.of(file)));
    assertTrue(wrongEnv.getMessage().contains(OpenApiContract.SUNCO_ENV), wrongEnv.getMessage());
  }

  @Test
  void requestsAreMatchedToOperationsAndTheirBodiesAndQueriesChecked() {
    assertEquals("POST /v2/apps/{appId}/conversations/{conversationId}/messages",
        SPEC.operation("POST", APP + "/conversations/abc/messages").orElseThrow());
    assertEquals(List.of(), SPEC.checkRequest("POST", APP + "/conversations/abc/messages", Map.of(),
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"image\",\"mediaUrl\":\"https://x.io/a.png\"}}"));
    assertEquals(List.of(), SPEC.checkRequest("GET", APP + "/conversations",
        Map.of("filter[userId]", List.of("u1")), null));
    assertViolation("no such operation", SPEC.checkRequest("PUT", APP + "/conversations/abc", Map.of(), "{}"));
    assertViolation("required", SPEC.checkRequest("POST", APP + "/conversations/abc/messages", Map.of(),
        "{\"author\":{\"type\":\"business\"}}"));
    assertViolation("is not one of", SPEC.checkRequest("POST", APP + "/conversations/abc/messages", Map.of(),
        "{\"author\":{\"type\":\"robot\"},\"content\":{\"type\":\"text\",\"text\":\"a\"}}"));
    assertViolation("longer than 4096", SPEC.checkRequest("POST", APP + "/conversations/abc/messages", Map.of(),
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"text\":\"" + "x".repeat(4097) + "\"}}"));
    assertViolation("mediaUrl is required", SPEC.checkRequest("POST", APP + "/conversations/abc/messages", Map.of(),
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"file\"}}"));
    assertViolation("no schema for type", SPEC.checkRequest("POST", APP + "/conversations/abc/messages", Map.of(),
        "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"sticker\"}}"));
    assertViolation("read-only", SPEC.checkRequest("POST", APP + "/integrations", Map.of(), "{\"type\":\"custom\","
        + "\"id\":\"x\",\"webhooks\":[{\"target\":\"https://a.io\",\"triggers\":[\"conversation:message\"]}]}"));
    assertViolation("more than 1 items", SPEC.checkRequest("POST", APP + "/integrations", Map.of(), "{\"type\":"
        + "\"custom\",\"webhooks\":[{\"target\":\"https://a.io\",\"triggers\":[]},{\"target\":\"https://b.io\","
        + "\"triggers\":[]}]}"));
    assertViolation("query parameter filter is required", SPEC.checkRequest("GET", APP + "/conversations", Map.of(),
        null));
    assertViolation("unknown query parameter", SPEC.checkRequest("GET", APP + "/conversations",
        Map.of("filter[userId]", List.of("u"), "sort", List.of("asc")), null));
    assertViolation("shorter than 24", SPEC.checkRequest("GET", APP + "/conversations/c/messages",
        Map.of("page[before]", List.of("short")), null));
    assertViolation("a body is required", SPEC.checkRequest("POST", APP + "/users", Map.of(), ""));
  }

  @Test
  void answersAndWebhooksAreCheckedAgainstTheirSchemasWithNullableAndDispatchOnType() {
    assertEquals(List.of(), SPEC.checkResponse("GET", APP + "/switchboards", 200,
        "{\"switchboards\":[{\"id\":\"s\",\"enabled\":true}]}"));
    assertViolation("enabled is required", SPEC.checkResponse("GET", APP + "/switchboards", 200,
        "{\"switchboards\":[{\"id\":\"s\"}]}"));
    assertViolation("write-only", SPEC.checkResponse("GET", APP + "/conversations/c/messages", 200,
        "{\"messages\":[{\"id\":\"m\",\"author\":{\"type\":\"user\",\"userExternalId\":\"x\"}}]}"));
    assertViolation("the spec has no 418", SPEC.checkResponse("GET", APP + "/switchboards", 418, "{}"));
    // conversationTruncated.activeSwitchboardIntegration is nullable through allOf
    String nullable = "{\"app\":{\"id\":\"a\"},\"webhook\":{\"id\":\"w\",\"version\":\"v2\"},\"events\":[{\"id\":\"e\","
        + "\"type\":\"switchboard:releaseControl\",\"createdAt\":\"2026-01-01T00:00:00.000Z\",\"payload\":{"
        + "\"conversation\":{\"id\":\"c\",\"type\":\"personal\",\"activeSwitchboardIntegration\":null},"
        + "\"reason\":\"ticketClosed\"}}]}";
    assertEquals(List.of(), SPEC.checkWebhook(nullable));
    assertViolation("is not one of", SPEC.checkWebhook(nullable.replace("ticketClosed", "agentLeft")));
    assertViolation("null is not allowed", SPEC.checkWebhook(nullable.replace("\"id\":\"c\"", "\"id\":null")));
    assertViolation("no schema for type", SPEC.checkWebhook(nullable.replace("switchboard:releaseControl",
        "switchboard:stolen")));
    String message = "{\"app\":{\"id\":\"a\"},\"webhook\":{\"id\":\"w\",\"version\":\"v2\"},\"events\":[{\"id\":\"e\","
        + "\"type\":\"conversation:message\",\"createdAt\":\"2026-01-01T00:00:00.000Z\",\"payload\":{\"conversation\":"
        + "{\"id\":\"c\",\"type\":\"personal\"},\"message\":{\"id\":\"m\",\"received\":\"2026-01-01T00:00:00.000Z\","
        + "\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"image\",\"mediaUrl\":\"https://x.io/a.png\"},"
        + "\"source\":{\"type\":\"zd:agentWorkspace\"}}}}]}";
    assertEquals(List.of(), SPEC.checkWebhook(message));
    assertViolation("write-only", SPEC.checkWebhook(message.replace("\"content\":{\"type\":\"image\",",
        "\"content\":{\"type\":\"image\",\"markdownText\":\"*x*\",")));
    assertViolation("events must be a non-empty array", SPEC.checkWebhook("{\"app\":{\"id\":\"a\"},\"events\":[]}"));
  }

  private static void assertViolation(String expected, List<String> violations) {
    assertTrue(violations.stream().anyMatch(v -> v.contains(expected)),
        "expected a violation containing '" + expected + "', got " + violations);
  }
}
