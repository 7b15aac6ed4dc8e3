package io.baton.connector.misc.kustomer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.connector.connections.PlatformConnections;
import io.baton.events.Platform;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * What the sandbox does not model: Kustomer's "Delivery and security" page says {@code GET /v1/outbound-webhooks/{id}}
 * shows a webhook's token again. Then an instance that did not register the connection's webhook (another instance,
 * or this one before a restart) takes it over with its token instead of replacing it. Kustomer is played here by a
 * server answering as that page and the API reference describe.
 */
class KustomerActivationTest {
  private static final String URL = "https://baton.example.com/webhooks/kustomer/c1";
  private static final String CURRENT_USER =
      "{\"data\":{\"type\":\"user\",\"id\":\"u1\",\"attributes\":{\"name\":\"Baton\"}}}";
  /** Our webhook with id %s and more attributes %s. */
  private static final String HOOK = "{\"type\":\"outbound_webhook\",\"id\":\"%s\",\"attributes\":{\"name\":"
      + "\"baton-c1\",\"url\":\"" + URL + "\",\"events\":[\"kustomer.message.create\",\"kustomer.conversation.update\","
      + "\"kustomer.conversation.typing\"],\"enabled\":true%s}}";

  private final List<String> calls = new CopyOnWriteArrayList<>();

  @Test
  void aWebhookOfOursWhoseTokenKustomerShowsAgainIsTakenOverNotReplaced() throws Exception {
    Map<String, String> learned = activate((call, before) -> switch (call) {
      case "GET /v1/users/current" -> CURRENT_USER;
      case "GET /v1/outbound-webhooks" -> "{\"data\":[" + HOOK.formatted("w1", "") + "]}";
      case "GET /v1/outbound-webhooks/w1" ->
        "{\"data\":" + HOOK.formatted("w1", ",\"token\":\"tok-shown-again\"") + "}";
      default -> null;
    });
    assertEquals("tok-shown-again", learned.get(KustomerWebhooks.TOKEN));
    assertEquals("u1", learned.get(KustomerActivation.OWN_USER));
    assertEquals(List.of("GET /v1/users/current", "GET /v1/outbound-webhooks", "GET /v1/outbound-webhooks/w1"),
        calls, "nothing deleted or created");
  }

  /**
   * Two instances activating the connection at once each list none and each create one: Kustomer would sign each
   * delivery with a token only one instance knows. The instance whose webhook is not the smallest id deletes its own
   * and takes the other's token, so both check deliveries with the one webhook's token (the soak found this).
   */
  @Test
  void anInstanceThatRacedAnotherKeepsTheWebhookWithTheSmallestIdAndDeletesItsOwn() throws Exception {
    Map<String, String> learned = activate((call, listedBefore) -> switch (call) {
      case "GET /v1/users/current" -> CURRENT_USER;
      // first: none (the other instance has not created its own yet); after ours: both
      case "GET /v1/outbound-webhooks" -> listedBefore
          ? "{\"data\":[" + HOOK.formatted("w2", "") + "," + HOOK.formatted("w1", "") + "]}" : "{\"data\":[]}";
      case "POST /v1/outbound-webhooks" -> "{\"data\":" + HOOK.formatted("w2", ",\"token\":\"tok-mine\"") + "}";
      case "DELETE /v1/outbound-webhooks/w2" -> "{}";
      case "GET /v1/outbound-webhooks/w1" -> "{\"data\":" + HOOK.formatted("w1", ",\"token\":\"tok-other\"") + "}";
      default -> null;
    });
    assertEquals("tok-other", learned.get(KustomerWebhooks.TOKEN));
    assertEquals(List.of("GET /v1/users/current", "GET /v1/outbound-webhooks", "POST /v1/outbound-webhooks",
        "GET /v1/outbound-webhooks", "DELETE /v1/outbound-webhooks/w2", "GET /v1/outbound-webhooks/w1"), calls);
  }

  /**
   * Activates connection c1 against a Kustomer answering each call ({@code "GET /v1/..."}, and whether the webhooks
   * were listed before) with {@code answer}'s body (null: a 500), and gives what the activation learned.
   */
  private Map<String, String> activate(BiFunction<String, Boolean, String> answer) throws Exception {
    HttpServer kustomer = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    kustomer.createContext("/", exchange -> {
      String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      calls.add(call);
      boolean listedBefore = calls.stream().filter(c -> c.equals("GET /v1/outbound-webhooks")).count() > 1;
      String body = answer.apply(call, listedBefore);
      byte[] bytes = (body == null ? "{\"errors\":[{\"status\":500,\"code\":\"unexpected\"}]}" : body)
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(body == null ? 500 : 200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    kustomer.start();
    try (PlatformCalls platformCalls = new PlatformCalls(new PlatformCalls.Limits(new RetryPolicy(1,
        Duration.ofMillis(10), Duration.ofMillis(10)), 100, 100));
         KustomerClient client = new KustomerClient(Duration.ofSeconds(5))) {
      KustomerActivation activation = new KustomerActivation(client, platformCalls,
          "http://localhost:" + kustomer.getAddress().getPort(), "https://baton.example.com");
      activation.connections(new PlatformConnections(Platform.kustomer, Map.of(), Map.of("apiKey", "key"), true,
          platformCalls, (c, s) -> null));
      return activation.activate("c1", Map.of("apiKey", "key")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      kustomer.stop(0);
    }
  }
}
