package io.baton.connector.chat2desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.baton.connector.calls.PlatformCallFailed;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The envelope and the refusals, against a server answering as Chat2Desk's documented shapes do. */
class Chat2DeskClientTest {

  @Test
  void theTokenGoesBareAndEveryRefusalCarriesChat2DesksMessageButNeverTheToken() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
          + exchange.getRequestHeaders().getFirst("Authorization"));
      String path = exchange.getRequestURI().getPath();
      int status = 200;
      String body;
      if (path.endsWith("/companies/api_info")) {
        body = "{\"status\":\"success\",\"data\":{\"company_name\":\"Acme\"}}";
      } else if (path.endsWith("/messages")) {
        status = 400;
        body = "{\"status\":\"error\",\"message\":\"Validation failed\",\"errors\":{\"text\":[\"is too long\"]}}";
      } else if (path.endsWith("/dialogs/5")) {
        body = "{\"status\":\"error\",\"message\":\"Operator is offline\"}"; // an error in a 200
      } else {
        status = 429;
        exchange.getResponseHeaders().set("Retry-After", "3");
        body = "{\"status\":\"error\",\"message\":\"Number of API requests exceeded\"}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    try (Chat2DeskClient client = new Chat2DeskClient("http://localhost:" + server.getAddress().getPort() + "/",
        Duration.ofSeconds(5))) {
      assertEquals("Acme", client.data("s3cret-token", "GET", "/companies/api_info", null).get()
          .path("company_name").asText());
      assertEquals("GET /v1/companies/api_info s3cret-token", seen.get(0), "no Bearer, under /v1");

      PlatformCallFailed invalid = refusal(() -> client.data("s3cret-token", "POST", "/messages",
          Map.of("client_id", 1, "text", "x")).get());
      assertEquals(400, invalid.status());
      assertEquals("Validation failed; text: is too long", invalid.platformMessage());

      PlatformCallFailed offline = refusal(() -> client.data("s3cret-token", "PUT", "/dialogs/5",
          Map.of("operator_id", 7)).get());
      assertEquals(400, offline.status());
      assertTrue(Chat2DeskClient.refusedWith(offline, "operator is offline"));
      assertEquals("Operator is offline (400)", Chat2DeskClient.reason(offline));

      PlatformCallFailed busy = refusal(() -> client.data("s3cret-token", "GET", "/operators?online=1", null).get());
      assertEquals(429, busy.status());
      assertEquals(Duration.ofSeconds(3), busy.retryAfter().orElseThrow());
      assertEquals("GET /operators (Number of API requests exceeded) answered 429", busy.getMessage());
      for (PlatformCallFailed f : List.of(invalid, offline, busy)) {
        assertFalse(f.getMessage().contains("s3cret"), f.getMessage());
      }
    } finally {
      server.stop(0);
    }
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static PlatformCallFailed refusal(Call call) {
    ExecutionException e = assertThrows(ExecutionException.class, call::run);
    return (PlatformCallFailed) io.baton.connector.calls.PlatformCalls.cause(e);
  }
}
