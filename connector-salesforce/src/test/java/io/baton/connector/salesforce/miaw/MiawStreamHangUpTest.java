package io.baton.connector.salesforce.miaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.testkit.Eventually;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cancelled event stream is hung up: its connection no longer hands events on. Before, cancelling the stream's
 * future (behind the rate limiter's) left the connection open, so a stream stopped (or cut after a failed write) and
 * the one opened next could both relay the same events.
 */
class MiawStreamHangUpTest {
  @Test
  void aCancelledStreamHandsNothingOnAfterwards() throws Exception {
    try (HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0))) {
      MiawClient client = new MiawClient(HttpClient.newHttpClient(), Duration.ofSeconds(5));
      String token = client.accessToken(sandbox.miawUrl(), "00D", "Web_Chat").get(5, TimeUnit.SECONDS);
      MiawConversation c =
          new MiawConversation(sandbox.miawUrl(), "00D", "Web_Chat", token, UUID.randomUUID().toString());
      client.createConversation(c, Map.of()).get(5, TimeUnit.SECONDS);
      List<String> cancelledGot = new CopyOnWriteArrayList<>();
      List<String> nextGot = new CopyOnWriteArrayList<>();
      PlatformCalls calls = new PlatformCalls(new PlatformCalls.Limits(new RetryPolicy(1, Duration.ofMillis(10),
          Duration.ofMillis(10)), 100, 100));
      var cancelled = new MiawStreams(client, calls).open(c, e -> cancelledGot.add(e.type()));
      Eventually.until(Duration.ofSeconds(10), "the routing result", () -> cancelledGot.size() == 1);
      cancelled.cancel(true);
      var next = client.events(c, 1, () -> {}, e -> nextGot.add(e.type()));
      try {
        sandbox.miaw().accept(c.miawId, "Alex");
        sandbox.miaw().agentSays(c.miawId, "hello");
        Eventually.until(Duration.ofSeconds(10), "the agent's events on the open stream",
            () -> nextGot.contains("CONVERSATION_MESSAGE"));
        Thread.sleep(1000);
        System.out.println("DEBUG cancelledGot=" + cancelledGot + " next=" + nextGot);
        assertEquals(List.of("CONVERSATION_ROUTING_RESULT"), cancelledGot, "nothing after the hang-up");
        assertTrue(nextGot.containsAll(List.of("CONVERSATION_PARTICIPANT_CHANGED", "CONVERSATION_MESSAGE")),
            nextGot.toString());
      } finally {
        next.cancel(true);
      }
    }
  }
}
