package io.baton.connector.misc.kustomer;

import io.baton.connector.ConnectorHost;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.ConnectionFeed;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookConnector;
import io.baton.connector.webhooks.WebhookParts;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.events.Connection;
import io.baton.events.Platform;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kustomer part of connector-misc, on the runtime's webhook family: the commands of
 * {@code connector.kustomer.commands.v2}, the {@code kustomer} connections of {@code connections.v1} (which carry
 * every credential: secret {@code apiKey}), and their webhooks at {@code /webhooks/kustomer/<connection>} on the
 * service's shared server.
 */
public final class KustomerConnector implements Service {
  private static final Logger log = LoggerFactory.getLogger(KustomerConnector.class);
  /** The secrets a connection must have. */
  static final Map<String, String> REQUIRED = Map.of("apiKey", "Kustomer API key");

  private final KustomerConfig config;
  private final SealedSecrets connectionSecrets;
  private final KafkaSettings kafka;
  private final WebhookServer webhooks;
  private final String base;
  private volatile WebhookConnector<KustomerChat> kustomer;
  private volatile PlatformCalls calls;

  public KustomerConnector(KustomerConfig config, SealedSecrets connectionSecrets, KafkaSettings kafka,
      WebhookServer webhooks, String base) {
    this.config = config;
    this.connectionSecrets = connectionSecrets;
    this.kafka = kafka;
    this.webhooks = webhooks;
    this.base = base;
  }

  @Override
  public synchronized void start() {
    if (connectionSecrets == null) {
      // Freshchat beside it may still run; every Kustomer handover fails, saying it has no credentials
      log.warn("Kustomer connections come from connections.v1, whose secrets need BATON_INGRESS_SECRETS_KEY: none "
          + "is set, so no Kustomer connection is usable");
    }
    kustomer = new WebhookConnector<>(new WebhookConnector.Setup("connector-kustomer", Platform.kustomer, kafka,
        config.host(), REQUIRED, Map.of(), connectionSecrets), webhooks, (ctx, connections) -> {
          calls = ctx.calls();
          KustomerClient client = new KustomerClient(config.requestTimeout());
          KustomerActivation activation = new KustomerActivation(client, ctx.calls(), config.apiUrl(), base);
          activation.connections(connections);
          return WebhookParts.of(activation::activate,
              new KustomerWebhooks(config.signatureMaxAge(), Clock.systemUTC()),
              new KustomerPlatform(client, ctx.calls(), connections,
                  new KustomerCustomerLimit(config.customerMessagesPerMinute(), System::nanoTime)))
              .withConnectionSeen(new ConnectionFeed.Listener() {
                @Override
                public void changed(Connection connection, Map<String, String> secrets) {}

                @Override
                public void removed(Connection connection) {
                  activation.removed(connection.getConnectionId());
                }
              });
        });
    kustomer.start();
  }

  @Override
  public synchronized void stop() {
    if (kustomer != null) {
      kustomer.stop();
    }
  }

  /** The chats this instance holds (null before it started). */
  public Chats<?> chats() {
    WebhookConnector<KustomerChat> k = kustomer;
    return k == null ? null : k.chats();
  }

  /** The Kustomer connections of this instance and whether each is active (null before it started). */
  public PlatformConnections connections() {
    WebhookConnector<KustomerChat> k = kustomer;
    return k == null ? null : k.connections();
  }

  /** The rate limit this instance keeps to for a connection's calls (its plan's once activated). */
  public PlatformCalls.Limits rateLimit(String connection) {
    PlatformCalls c = calls;
    return c == null ? null : c.limitOf(connection);
  }

  public ConnectorHost host() {
    WebhookConnector<KustomerChat> k = kustomer;
    return k == null ? null : k.host();
  }
}
