package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.ConnectorCommand;
import io.baton.events.ConversationInput;
import io.baton.events.Platform;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.service.Service;
import io.baton.testkit.KafkaBroker;
import io.baton.topics.KafkaSettings;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Baton wired as the local stack wires it, on the test broker, for the end-to-end tests: the sandbox, the router, one
 * connector, the ingress with the local stack's dev credentials, and a bot that produces to {@code bot.events.v1}.
 */
final class BatonUnderTest implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(30);

  final HelpdeskSandbox sandbox;
  final RouterService router;
  final Service connector;
  final IngressService ingress;
  private final KafkaProducer<String, ConversationInput> bot;
  private final KafkaBroker kafka;
  private final HttpClient http = HttpClient.newHttpClient();

  BatonUnderTest(KafkaBroker kafka, Path stateDir, String name, SandboxConfig sandboxConfig,
      BiFunction<HelpdeskSandbox, KafkaSettings, Service> connector) {
    this.kafka = kafka;
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    sandbox = HelpdeskSandbox.start(sandboxConfig);
    router = new RouterService(RouterConfig.defaults().withApplicationId(name + "-router")
        .withStateDir(stateDir.toString()), settings);
    router.start();
    this.connector = connector.apply(sandbox, settings);
    this.connector.start();
    ingress = new IngressService(IngressConfig.fromEnv(LocalStack.withDevDefaults(Map.of())).withPort(0), settings);
    ingress.start();
    bot = new KafkaProducer<>(settings.producerProperties(name + "-bot"),
        Topics.CONVERSATION_INPUTS.keySerde().serializer(), Topics.CONVERSATION_INPUTS.valueSerde().serializer());
  }

  String ingressUrl() {
    return "http://localhost:" + ingress.port();
  }

  /** A POST to the ingress as the demo tenant's bot, with any further {@code headers} (name, value, ...). */
  HttpResponse<String> post(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port() + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + LocalStack.DEV_BOT_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET from the ingress as the demo tenant's bot. */
  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port() + path))
        .header("Authorization", "Bearer " + LocalStack.DEV_BOT_KEY).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A PATCH to the ingress as the demo tenant's bot. */
  HttpResponse<String> patch(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port() + path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + LocalStack.DEV_BOT_KEY)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A DELETE to the ingress as the demo tenant's bot. */
  HttpResponse<String> delete(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port() + path))
        .header("Authorization", "Bearer " + LocalStack.DEV_BOT_KEY).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The widget's way in, as on the demo page: a widget token from the dev-only endpoint, in the stream's query. */
  SseClient widget(String conversation) throws Exception {
    HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port()
        + "/dev/widget-tokens/" + conversation)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, minted.statusCode(), minted.body());
    String token = new ObjectMapper().readTree(minted.body()).get("token").asText();
    return new SseClient("http://localhost:" + ingress.port() + "/v1/conversations/" + conversation
        + "/events?access_token=" + token, null);
  }

  /** The router's commands to {@code platform}'s connector for one conversation ({@code tenant/id}), committed. */
  List<ConnectorCommand> commandsOf(Platform platform, String conversationKey) {
    var topic = Topics.connectorCommands(platform);
    return kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer()).stream()
        .filter(r -> conversationKey.equals(r.key())).map(r -> r.value()).toList();
  }

  /** The bot answers, produced straight to conversation.inputs.v1 as bot platforms may. */
  void botSays(String conversation, String text) throws Exception {
    bot.send(ConversationInputs.record("demo/" + conversation, BotEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setTenant("demo")
        .setConversationId(conversation).setBody(BotMessage.newBuilder().setText(text).build()).build())).get();
  }

  /**
   * The demo bot's group starts at the log's end: the conversations of the suite's earlier tests on this broker
   * (thousands, after the crash test) are none of its business.
   */
  static void skipEarlierConversations(KafkaSettings settings) {
    try (KafkaConsumer<byte[], byte[]> group = new KafkaConsumer<>(
        settings.uncommittedConsumerProperties(DemoBot.GROUP, "demo-bot-seek"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = group.partitionsFor(Topics.CONVERSATION_EVENTS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      group.assign(partitions);
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      group.endOffsets(partitions).forEach((p, end) -> ends.put(p, new OffsetAndMetadata(end)));
      group.commitSync(ends);
    }
  }

  /** One widget event as a line: sequence, type, controller and what the visitor sees of it. */
  static String summary(SseClient.Frame f) {
    var d = f.data();
    String detail = switch (f.event()) {
      case "visitor.message", "bot.message" -> d.path("text").asText();
      case "handover.started" -> d.path("platform").asText();
      case "chat.queued" -> d.path("position").isNull() ? "" : "position " + d.path("position").asText();
      case "agent.joined" -> d.path("agentName").asText();
      case "agent.message" -> d.path("agentName").asText() + ": " + d.path("text").asText();
      case "chat.ended" -> "by " + d.path("endedBy").asText();
      case "control.returned" -> d.path("reason").asText();
      default -> d.toString();
    };
    return f.id() + " " + f.event() + " [" + d.path("controller").asText() + "] " + detail;
  }

  @Override
  public void close() {
    bot.close();
    ingress.stop();
    connector.stop();
    router.stop();
    sandbox.close();
  }
}
