package io.baton.connector.dixa;

import io.baton.connector.ConnectorHost;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookConnector;
import io.baton.connector.webhooks.WebhookParts;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.webhooks.WebhookService;
import io.baton.events.Platform;
import io.baton.service.OperationsPort;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Dixa connector service: the webhook server Dixa posts to (any instance takes a webhook and hands it to the
 * instance owning the conversation), the commands of {@code connector.dixa.commands.v2} hosted by the shared
 * connector runtime, and (with the secrets key) the Dixa connections of {@code connections.v1}.
 */
public final class DixaConnector extends WebhookService {
  private final DixaConfig config;
  private final KafkaSettings kafka;
  private volatile WebhookConnector<DixaChat> dixa;

  public DixaConnector(DixaConfig config, KafkaSettings kafka) {
    super("connector-dixa", config.webhookPort(), config.webhookPublicUrl());
    this.config = config;
    this.kafka = kafka;
  }

  @Override
  protected List<Service> assemble(WebhookServer webhooks, String base) {
    Map<String, Map<String, String>> configured = new LinkedHashMap<>();
    config.connections().forEach((id, token) -> configured.put(id, Map.of("token", token)));
    dixa = new WebhookConnector<>(new WebhookConnector.Setup("connector-dixa", Platform.dixa, kafka, config.host(),
        Map.of("token", "Dixa API token"), configured, config.connectionSecrets()), webhooks, (ctx, connections) -> {
          DixaClient client = new DixaClient(config.apiUrl(), config.requestTimeout());
          return WebhookParts.of(new DixaSubscription(client, ctx.calls(), base)::activate,
              new DixaWebhooks(config.signatureMaxAge(), Clock.systemUTC()),
              new DixaPlatform(client, ctx.calls(), connections));
        });
    return List.of(dixa);
  }

  /** The chats this instance holds (null before it started). */
  public Chats<?> chats() {
    WebhookConnector<DixaChat> d = dixa;
    return d == null ? null : d.chats();
  }

  /** The Dixa connections of this instance and whether each is active (null before it started). */
  public PlatformConnections connections() {
    WebhookConnector<DixaChat> d = dixa;
    return d == null ? null : d.connections();
  }

  public ConnectorHost host() {
    WebhookConnector<DixaChat> d = dixa;
    return d == null ? null : d.host();
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(new OperationsPort(System.getenv()), new DixaConnector(DixaConfig.fromEnv(System.getenv()),
        KafkaSettings.fromEnv(System.getenv())));
  }
}
