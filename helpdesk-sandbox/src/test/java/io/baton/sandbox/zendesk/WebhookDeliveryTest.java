package io.baton.sandbox.zendesk;

import static io.baton.sandbox.zendesk.ZendeskFixture.eventually;
import static io.baton.sandbox.zendesk.ZendeskFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {
  /** A webhook called with {"t": ticket id} on every ticket created. */
  private static String onCreate(ZendeskFixture f, String url) throws Exception {
    String webhook = f.conditionalWebhook(url);
    assertEquals(201, f.api("POST", "/triggers", "{\"trigger\":{\"title\":\"created\",\"conditions\":{\"all\":[{"
        + "\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Create\"}]},\"actions\":[{\"field\":"
        + "\"notification_webhook\",\"value\":[\"" + webhook + "\",\"{\\\"t\\\":{{ticket.id}}}\"]}]}}")
        .statusCode());
    return webhook;
  }

  private static long ticket(ZendeskFixture f) throws Exception {
    return json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":{\"email\":"
        + "\"w@example.com\"}}}")).path("ticket").path("id").asLong();
  }

  private static List<Integer> statuses(ZendeskFixture f) {
    return f.zendesk.webhookDeliveries().stream().map(WebhookSender.Delivery::status).toList();
  }

  @Test
  void a409IsRetriedThreeTimesOtherErrorsAreNotAndLaterRequestsFollowInOrder() throws Exception {
    try (ZendeskFixture f = new ZendeskFixture()) {
      onCreate(f, f.receiver());
      f.answers.add(new int[] {409});
      f.answers.add(new int[] {409});
      f.answers.add(new int[] {409});
      f.answers.add(new int[] {409});
      f.answers.add(new int[] {500});
      f.answers.add(new int[] {503});
      f.answers.add(new int[] {503, 120});
      long first = ticket(f);
      long second = ticket(f);
      long third = ticket(f);
      long fourth = ticket(f);
      long fifth = ticket(f);
      // The receiver sees a request before the sender logs its answer: wait for the log.
      eventually(() -> f.zendesk.webhookDeliveries().size() == 8, "eight requests answered");
      assertEquals(List.of(409, 409, 409, 409, 500, 503, 503, 200), statuses(f));
      assertEquals(List.of(first, first, first, first, second, third, fourth, fifth), f.received.stream()
          .map(r -> r.body().replaceAll("\\D", "")).map(Long::parseLong).toList());
    }
  }

  @Test
  void a503WithAShortRetryAfterIsRetriedAfterItAndNoAnswerIsRetriedFiveTimes() throws Exception {
    try (ZendeskFixture f = new ZendeskFixture(ZendeskSettings.defaults().withWebhooks(Duration.ofMillis(10),
        Duration.ofMinutes(5), Duration.ofSeconds(5), 100))) {
      onCreate(f, f.receiver());
      f.answers.add(new int[] {503, 1});
      long started = System.nanoTime();
      ticket(f);
      eventually(() -> f.zendesk.webhookDeliveries().size() == 2, "the retry answered");
      assertTrue(System.nanoTime() - started >= Duration.ofMillis(900).toNanos(), "waited for Retry-After");
      assertEquals(List.of(503, 200), statuses(f));

      java.net.ServerSocket closed = new java.net.ServerSocket(0);
      int port = closed.getLocalPort();
      closed.close(); // nothing listens there: no answer at all
      onCreate(f, "http://localhost:" + port + "/gone");
      ticket(f);
      eventually(() -> f.zendesk.webhookDeliveries().stream().filter(d -> d.status() == 0).count() == 6,
          "six tries without an answer");
    }
  }

  @Test
  void theCircuitBreakerTripsOnMostlyFailingRequestsThenLetsOneThroughAfterThePause() throws Exception {
    try (ZendeskFixture f = new ZendeskFixture(ZendeskSettings.defaults().withWebhooks(Duration.ofMillis(10),
        Duration.ofMinutes(5), Duration.ofMillis(300), 4))) {
      String webhook = onCreate(f, f.receiver());
      for (int i = 0; i < 4; i++) {
        f.answers.add(new int[] {500});
      }
      List<Long> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sent.add(ticket(f));
      }
      eventually(() -> f.received.size() == 4, "four failures");
      eventually(() -> f.zendesk.webhookCircuitOpen(webhook), "the breaker trips");
      ticket(f); // not sent: the breaker is open
      eventually(() -> !f.zendesk.webhookCircuitOpen(webhook), "the pause ends");
      sent.add(ticket(f));
      eventually(() -> f.received.size() == 5, "the probe");
      assertEquals(sent, f.received.stream().map(r -> Long.parseLong(r.body().replaceAll("\\D", ""))).toList());
      assertFalse(f.zendesk.webhookCircuitOpen(webhook));
      sent.add(ticket(f));
      eventually(() -> f.received.size() == 6, "closed again: requests flow");
    }
  }
}
