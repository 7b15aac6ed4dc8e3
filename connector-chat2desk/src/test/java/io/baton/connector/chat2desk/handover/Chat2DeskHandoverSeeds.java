package io.baton.connector.chat2desk.handover;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.connector.chat2desk.Chat2DeskConfig;
import io.baton.connector.chat2desk.Chat2DeskConnector;
import io.baton.connector.chat2desk.Chat2DeskSeeds;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.Connection;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.sandbox.chat2desk.Chat2DeskSettings;
import io.baton.testkit.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the handover tests share: the sandbox with Chat2Desk's webhook schedule scaled down (10 s -> 28 ms, 5 min ->
 * 0.8 s, 2 h -> 20 s, disabled after 50 s: instances restart within it) and a rate limit that leaves the storms to
 * the faults, the {@code chat2desk} connection ({@link Chat2DeskSeeds}: the bot operator, the external channel),
 * connector instances behind one front door (the webhook URL Chat2Desk knows, whichever instances run), and the
 * handover's StartChat.
 */
final class Chat2DeskHandoverSeeds {
  static final String CONNECTION = "c2d-handover-5b1e";
  static final String BOT = Long.toString(Chat2DeskCompany.BOT_OPERATOR_ID);

  /** Chat2Desk's retries, quicker: a 429 storm is over in moments. */
  static final PlatformCalls.Limits LIMITS = new PlatformCalls.Limits(new RetryPolicy(8, Duration.ofMillis(20),
      Duration.ofMillis(500)), 100, 100);

  private Chat2DeskHandoverSeeds() {}

  static final Chat2DeskSettings SIMULATOR = Chat2DeskSettings.defaults().withScheduleScaledDown(360)
      .withRateLimit(200, 200);

  static HelpdeskSandbox sandbox(SandboxConfig config) {
    return HelpdeskSandbox.start(config, null, SIMULATOR);
  }

  static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("operatorId", BOT);
    settings.put("externalChannelId", Long.toString(Chat2DeskCompany.EXTERNAL_CHANNEL_ID));
    settings.put("serviceMessages", "true");
    return settings;
  }

  /** Writes the connection into connections.v1 (tenant acme), webhooks to {@code door}. */
  static void connection(ConnectorFixture fx, RoundRobinBalancer door, Map<String, String> settings) {
    // Other classes' connections on the shared broker are switched off: this sandbox's five webhook places are ours.
    ConnectionsTopic.latest(fx).values().stream().filter(c -> c.getPlatform() == Platform.chat2desk
        && c.getEnabled() && !c.getConnectionId().equals(CONNECTION))
        .forEach(c -> ConnectionsTopic.write(fx, Connection.newBuilder(c).setEnabled(false).build()));
    Map<String, String> all = new HashMap<>(settings);
    all.put("webhookUrl", door.url() + "/webhooks/chat2desk/" + CONNECTION);
    Chat2DeskSeeds.connection(fx, CONNECTION, all, Chat2DeskSeeds.secrets(true));
  }

  /** An instance behind the door, once the connection is active on it. */
  static Chat2DeskConnector connector(ConnectorFixture fx, RoundRobinBalancer door, String instanceId) {
    // Behind the door before it starts: its activation checks the address through the door.
    int port = freePort();
    Chat2DeskConfig config = Chat2DeskConfig.of(Chat2DeskSeeds.apiUrl(fx), port, ConnectionsTopic.SECRETS)
        .withWebhook(port, door.url())
        .withHost(HostConfig.defaults(LIMITS).withInstanceId(instanceId));
    Chat2DeskConnector connector = new Chat2DeskConnector(config, fx.settings);
    door.add(port);
    connector.start();
    Eventually.until(ConnectorFixture.PATIENCE, CONNECTION + " active on " + instanceId,
        () -> connector.connections() != null && connector.connections().isActive(CONNECTION));
    return connector;
  }

  static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static StartChat startChat(String conversation, String visitorName, Chat2DeskHandover payload) {
    HandoverRequested request = HandoverRequested.newBuilder().setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT).setConversationId(conversation)
        .setPlatform(Platform.chat2desk).setConnectionId(CONNECTION).setPayload(payload)
        .setContext(VisitorContext.newBuilder().setName(visitorName).build()).build();
    return new StartChat(request, List.of(new TranscriptEntry(TranscriptRole.visitor, "I need a human", Instant.EPOCH),
        new TranscriptEntry(TranscriptRole.bot, "Connecting you to an operator", Instant.EPOCH.plusSeconds(1))));
  }
}
