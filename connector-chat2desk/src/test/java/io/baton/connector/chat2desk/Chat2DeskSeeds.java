package io.baton.connector.chat2desk;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.events.Platform;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.sandbox.chat2desk.Chat2DeskMessage;
import io.baton.testkit.KafkaBroker;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the Chat2Desk connector tests share: the sandbox with Chat2Desk's webhook schedule scaled down (10 s -> 3 ms),
 * {@code chat2desk} connections in connections.v1 (settings, sealed secrets), a connector instance with fast
 * activation retries, and readers of what it published.
 */
public final class Chat2DeskSeeds {
  /** Retries of activations and calls in tens of milliseconds, and a rate the simulator's limit allows. */
  static final PlatformCalls.Limits FAST =
      new PlatformCalls.Limits(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofSeconds(1)), 8, 8);

  private Chat2DeskSeeds() {}

  public static ConnectorFixture fixture(KafkaBroker broker, String connection,
      io.baton.sandbox.chat2desk.Chat2DeskSettings simulator) {
    return new ConnectorFixture(broker, Platform.chat2desk, connection, c -> c,
        config -> HelpdeskSandbox.start(config, null, simulator));
  }

  /** The simulator's defaults (signing on, new dialogs to the bot) with its webhook schedule in milliseconds. */
  public static io.baton.sandbox.chat2desk.Chat2DeskSettings fastSimulator() {
    return io.baton.sandbox.chat2desk.Chat2DeskSettings.defaults().withScheduleScaledDown(3600);
  }

  /** Chat2Desk's API base for the connector (without {@code /v1}). */
  public static String apiUrl(ConnectorFixture fx) {
    String url = fx.sandbox.chat2deskUrl();
    return url.substring(0, url.length() - "/v1".length());
  }

  public static Chat2DeskConnector connector(ConnectorFixture fx, String instanceId) {
    return connector(fx, instanceId, 0);
  }

  /** An instance on this webhook port (0: any), e.g. a restarted one where Chat2Desk's webhook points. */
  public static Chat2DeskConnector connector(ConnectorFixture fx, String instanceId, int port) {
    Chat2DeskConnector connector = new Chat2DeskConnector(Chat2DeskConfig.of(apiUrl(fx), port, ConnectionsTopic.SECRETS)
        .withHost(HostConfig.defaults(FAST).withInstanceId(instanceId)), fx.settings);
    connector.start();
    return connector;
  }

  /** The sandbox company's token, and its webhook secret when {@code signed}. */
  public static Map<String, String> secrets(boolean signed) {
    return signed ? Map.of("token", Chat2DeskCompany.TOKEN, "webhookSecret", Chat2DeskCompany.WEBHOOK_SECRET)
        : Map.of("token", Chat2DeskCompany.TOKEN);
  }

  /** Writes the connection into connections.v1 (tenant acme, enabled). */
  public static void connection(ConnectorFixture fx, String id, Map<String, String> settings,
      Map<String, String> secrets) {
    ConnectionsTopic.pending(fx, Platform.chat2desk, id, settings, secrets);
  }

  /** The visitor events the connector published for a conversation, in order. */
  public static List<VisitorEvent> visitorEventsOf(ConnectorFixture fx, String conversation) {
    var topic = Topics.CONVERSATION_INPUTS;
    return fx.kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer())
        .stream().filter(r -> r.key().equals(ConnectorFixture.key(conversation)))
        .map(r -> ConversationInputs.as(r.value(), VisitorEvent.class)).filter(v -> v != null).toList();
  }

  /**
   * The context a visitor event must carry for {@code message} from a client with a name and a phone in a dialog of
   * the bot operator: the client's name and phone, and the seed's channel variables under the seed's names.
   */
  public static VisitorContext botClientContext(long client, String name, String phone, Chat2DeskMessage message) {
    return VisitorContext.newBuilder().setName(name).setPhone(phone).setAttributes(Map.of(
        "channel_message_id", Long.toString(message.id()),
        "channel_message_recipient", Long.toString(Chat2DeskCompany.BOT_OPERATOR_ID),
        "channel_visitor_id", Long.toString(client), "channel_conversation_id", Long.toString(message.dialogId()),
        "channel_visitor_phone", phone, "channel_visitor_firstname", name,
        "channel_chat_id", client + "|chat2desk")).build();
  }

  /** The webhooks registered at the simulator (its API, the company's token). */
  public static List<com.fasterxml.jackson.databind.JsonNode> webhooks(ConnectorFixture fx) {
    try (Chat2DeskClient client = new Chat2DeskClient(apiUrl(fx), Duration.ofSeconds(5))) {
      List<com.fasterxml.jackson.databind.JsonNode> list = new java.util.ArrayList<>();
      client.data(Chat2DeskCompany.TOKEN, "GET", "/webhooks", null).get().forEach(list::add);
      return list;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
