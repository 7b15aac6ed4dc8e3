package io.baton.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The test registry answers as Confluent's REST API documents: codes, modes, import's rules. */
class ConfluentRegistryTest {
  private static final String ORDER_V1 =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"total\",\"type\":\"long\"}]}";
  private static final String ORDER_V2 = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"total\","
      + "\"type\":\"long\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}]}";
  private static final String ORDER_INCOMPATIBLE = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":"
      + "\"total\",\"type\":\"long\"},{\"name\":\"customer\",\"type\":\"string\"}]}";

  private final ConfluentRegistry registry = ConfluentRegistry.start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    registry.close();
  }

  private String call(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static String schema(String schema) {
    return "{\"schema\":" + quoted(schema) + "}";
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\"", "\\\"") + "\"";
  }

  @Test
  void readWriteModeGivesIdsAndVersionsChecksBackwardCompatibilityAndRefusesWhatIsNotAvro() throws Exception {
    assertEquals("200 {\"id\":1}", call("POST", "/subjects/orders-value/versions", schema(ORDER_V1)));
    assertEquals("200 {\"id\":1}", call("POST", "/subjects/orders-value/versions", schema(ORDER_V1)));
    assertEquals("200 {\"id\":2}", call("POST", "/subjects/orders-value/versions", schema(ORDER_V2)));
    assertEquals("200 {\"id\":1}", call("POST", "/subjects/archive-value/versions", schema(ORDER_V1)));
    assertEquals(409, Integer.parseInt(call("POST", "/subjects/orders-value/versions", schema(ORDER_INCOMPATIBLE))
        .substring(0, 3)));
    assertEquals("422 {\"error_code\":42201", call("POST", "/subjects/orders-value/versions", schema("{\"type\":"
        + "\"recrd\"}")).substring(0, 23));
    assertEquals("422 {\"error_code\":42205,\"message\":\"Subject orders-value is not in import mode\"}",
        call("POST", "/subjects/orders-value/versions", "{\"schema\":" + quoted(ORDER_V2) + ",\"id\":7}"));
    assertEquals("200 [1,2]", call("GET", "/subjects/orders-value/versions", null));
    assertEquals("404 {\"error_code\":40401,\"message\":\"Subject 'nope' not found.\"}",
        call("GET", "/subjects/nope/versions", null));
    assertEquals("404 {\"error_code\":40402,\"message\":\"Version 9 not found.\"}",
        call("GET", "/subjects/orders-value/versions/9", null));
    assertEquals("404 {\"error_code\":40403,\"message\":\"Schema 99 not found\"}", call("GET", "/schemas/ids/99",
        null));
    assertEquals(Map.of("archive-value", List.of(1), "orders-value", List.of(1, 2)), registry.idsBySubject());
  }

  @Test
  void importModeNeedsAnEmptyRegistryOrForceTakesGivenIdsAndNeverChangesAnIdsSchema() throws Exception {
    assertEquals("200 {\"mode\":\"IMPORT\"}", call("PUT", "/mode/orders-value", "{\"mode\":\"IMPORT\"}"));
    assertEquals("422 {\"error_code\":42205,\"message\":\"Subject orders-value is in import mode: a schema id is"
        + " required\"}", call("POST", "/subjects/orders-value/versions", schema(ORDER_V1)));
    assertEquals("200 {\"id\":40}", call("POST", "/subjects/orders-value/versions",
        "{\"schema\":" + quoted(ORDER_V1) + ",\"id\":40,\"version\":3}"));
    assertEquals("422 {\"error_code\":42205,\"message\":\"Overwrite new schema with id 40 is not permitted.\"}",
        call("POST", "/subjects/orders-value/versions", "{\"schema\":" + quoted(ORDER_V2) + ",\"id\":40}"));
    assertEquals("200 {\"mode\":\"READWRITE\"}", call("PUT", "/mode/orders-value", "{\"mode\":\"READWRITE\"}"));

    assertEquals("422 {\"error_code\":42205,\"message\":\"Cannot import since found existing subjects\"}",
        call("PUT", "/mode", "{\"mode\":\"IMPORT\"}"));
    assertEquals("422 {\"error_code\":42205,\"message\":\"Cannot import since found existing subjects\"}",
        call("PUT", "/mode/orders-value", "{\"mode\":\"IMPORT\"}"));
    assertEquals("200 {\"mode\":\"IMPORT\"}", call("PUT", "/mode/orders-value?force=true", "{\"mode\":\"IMPORT\"}"));
    assertEquals("422 {\"error_code\":42204,\"message\":\"Invalid mode. Valid values are READWRITE, READONLY,"
        + " IMPORT.\"}", call("PUT", "/mode", "{\"mode\":\"SOMETIMES\"}"));
    assertEquals("200 {\"mode\":\"READONLY\"}", call("PUT", "/mode/orders-value", "{\"mode\":\"READONLY\"}"));
    assertEquals("422 {\"error_code\":42205,\"message\":\"Subject orders-value is in read-only mode\"}",
        call("POST", "/subjects/orders-value/versions", schema(ORDER_V2)));
    assertEquals("200 {\"mode\":\"READWRITE\"}", call("GET", "/mode", null));
    assertEquals(Map.of("orders-value", List.of(40)), registry.idsBySubject());
  }

  @Test
  void withBasicAuthOnlyTheRightCredentialsAreAnswered() throws Exception {
    try (ConfluentRegistry guarded = ConfluentRegistry.start("baton:s3cret")) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(guarded.url() + "/subjects"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("401 {\"error_code\":401,\"message\":\"Unauthorized\"}", response.statusCode() + " "
          + response.body());
      response = http.send(HttpRequest.newBuilder(URI.create(guarded.url() + "/subjects"))
          .header("Authorization", "Basic YmF0b246czNjcmV0").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("200 []", response.statusCode() + " " + response.body());
    }
  }
}
