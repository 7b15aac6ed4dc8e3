package io.baton.connector.misc.kustomer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.ConnectionStatus;
import io.baton.sandbox.kustomer.KustomerSimulator;
import io.baton.testkit.Eventually;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A connection's life against the sandbox's Kustomer: its webhook registration and plan, activation failures named,
 * a named bot user, a removed connection's webhook deleted, and a restart that must not post a message twice.
 */
class KustomerConnectionsTest extends KustomerConnected {
  static final String CONNECTION = "kustomer-connections-1";

  KustomerConnectionsTest() {
    super(CONNECTION, "connections");
  }

  @Test
  void theWebhookIsRegisteredOnceSignedAndNamingTheConnectionAndThePlanLimitsItsCalls() throws Exception {
    List<KustomerSimulator.Webhook> ours = kustomer.webhookRegistrations().stream()
        .filter(w -> w.name().equals("baton-" + CONNECTION)).toList();
    assertEquals(1, ours.size());
    assertEquals(KustomerSeeds.webhookUrl(service.webhookPort(), CONNECTION), ours.get(0).url());
    assertEquals(KustomerActivation.EVENTS, ours.get(0).events());
    HttpResponse<String> listed = KustomerSeeds.HTTP.send(HttpRequest.newBuilder(URI.create(
        fx.sandbox.kustomerUrl() + "/v1/outbound-webhooks")).header("Authorization", "Bearer " + kustomer.apiKey())
        .build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(listed.body().contains("\"name\":\"X-Baton-Connection\",\"value\":\"" + CONNECTION + "\""),
        listed.body());
    // enterprise: 1000 a minute, as a burst of 100 and 900 over the minute
    PlatformCalls.Limits limit = service.kustomer().rateLimit(CONNECTION);
    assertEquals(100, limit.burst());
    assertEquals(15.0, limit.perSecond(), 1e-9);
  }

  @Test
  void aWrongConnectionIsInactiveWithTheReasonNamed() {
    String badKey = "bad-key-" + fx.run;
    KustomerSeeds.connection(fx, badKey, Map.of(), "not-a-key");
    String badPlan = "bad-plan-" + fx.run;
    KustomerSeeds.connection(fx, badPlan, Map.of("plan", "gold"), kustomer.apiKey());
    String badBot = "bad-bot-" + fx.run;
    KustomerSeeds.connection(fx, badBot, Map.of("botUserId", "nobody1"), kustomer.apiKey());
    String noKey = "no-key-" + fx.run;
    KustomerSeeds.connection(fx, noKey, Map.of(), " ");
    assertEquals("the Kustomer API key was refused: GET /v1/users/current (unauthorized: Invalid API key) answered 401",
        ConnectionsTopic.awaitStatus(fx, badKey, ConnectionStatus.inactive).getStatusReason());
    assertEquals("the setting plan must be one of [professional, business, enterprise, ultimate], got 'gold'",
        ConnectionsTopic.awaitStatus(fx, badPlan, ConnectionStatus.inactive).getStatusReason());
    assertEquals("the setting botUserId names no Kustomer user: nobody1",
        ConnectionsTopic.awaitStatus(fx, badBot, ConnectionStatus.inactive).getStatusReason());
    assertEquals("no Kustomer API key (secret 'apiKey')",
        ConnectionsTopic.awaitStatus(fx, noKey, ConnectionStatus.inactive).getStatusReason());
    assertTrue(kustomer.webhookRegistrations().stream().noneMatch(w -> w.name().contains(fx.run + "")
        && !w.name().equals("baton-" + CONNECTION)), "no webhook for a connection that is not usable");
    List.of(badKey, badPlan, badBot, noKey).forEach(id -> ConnectionsTopic.retire(fx, id));
  }

  @Test
  void aNamedBotUserSpeaksTheTranscriptAndARemovedConnectionTakesItsWebhookAlong() {
    String connection = "bot-user-" + fx.run;
    String botKey = kustomer.newApiKey("Assistant " + fx.run);
    String bot = kustomer.userOfKey(botKey).orElseThrow();
    KustomerSeeds.connection(fx, connection, Map.of("botUserId", bot), kustomer.apiKey());
    ConnectionsTopic.awaitStatus(fx, connection, ConnectionStatus.active);
    String c = "bot-" + fx.run;
    fx.send(c, io.baton.events.ConnectorCommand.newBuilder(fx.command(c, "start-" + c, KustomerSeeds.startChat(
        connection, "Tao", "tao-" + fx.run + "@example.com", null, List.of()))).setConnectionId(connection).build());
    KustomerSimulator.Conversation conversation = KustomerSeeds.queued(fx, c);
    assertEquals(bot, conversation.messages().get(1).createdBy());
    String url = KustomerSeeds.webhookUrl(service.webhookPort(), connection);
    assertTrue(kustomer.webhookRegistrations().stream().anyMatch(w -> w.url().equals(url)));
    ConnectionsTopic.retire(fx, connection);
    Eventually.until(ConnectorFixture.PATIENCE, "the webhook of the disabled connection deleted",
        () -> kustomer.webhookRegistrations().stream().noneMatch(w -> w.url().equals(url)));
  }

  @Test
  void visitorMessagesKustomerTookBeforeARestartAreNotPostedAgain() throws Exception {
    String c = "restart-" + fx.run;
    fx.start(c, KustomerSeeds.startChat(CONNECTION, "Xia", "xia-" + fx.run + "@example.com", null, List.of()));
    KustomerSimulator.Conversation conversation = KustomerSeeds.queued(fx, c);
    // The instance posted two commands' messages, then died before its link recorded either: the next owner repeats
    // both, and the second is as much Kustomer's already as the first.
    for (String[] m : new String[][] {{"v1", "before the crash"}, {"v2", "also before the crash"}}) {
      KustomerSeeds.api(fx, "POST", "/v2.1/chat/messages", "{\"customerId\":\"" + conversation.customerId()
          + "\",\"session\":\"" + conversation.id() + "\",\"body\":\"" + m[1] + "\",\"externalId\":\"" + m[0]
          + "-" + c + "\"}");
    }
    int port = service.webhookPort();
    service.stop();
    service = KustomerSeeds.active(fx, "connections-" + fx.run, port, CONNECTION);
    fx.say(c, "v1-" + c, "before the crash");
    fx.say(c, "v2-" + c, "also before the crash");
    fx.say(c, "v3-" + c, "after the restart");
    Eventually.until(ConnectorFixture.PATIENCE, "the third message in Kustomer", () -> kustomer.conversation(
        conversation.id()).orElseThrow().messages().stream().anyMatch(m -> "after the restart".equals(m.body())));
    assertEquals("in:I need a human;out:Connecting you to an agent;in:before the crash;in:also before the crash;"
        + "in:after the restart;",
        KustomerSeeds.lines(kustomer.conversation(conversation.id()).orElseThrow()
            .messages()));
  }
}
