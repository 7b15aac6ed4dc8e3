package io.baton.connector.webhooks;

import io.baton.connector.ConnectorHost;
import io.baton.connector.HostConfig;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.ConnectedConnector;
import io.baton.connector.connections.PlatformConnections;
import io.baton.events.Platform;
import io.baton.operations.HealthCheck;
import io.baton.operations.Operations;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.Map;

/**
 * The webhook family's service: what every webhook-driven platform runs, assembled once. A {@link ConnectorHost} for
 * {@code connector.<platform>.commands.v2}; the platform's {@link PlatformConnections} (from the environment and, with
 * the secrets key, {@code connections.v1} through a {@link ConnectionFeed}); a {@link WebhookInbox} whose endpoint is
 * registered on the shared {@link WebhookServer}; the conversation references ({@code ctx.refs()}); and
 * {@link Chats} around the platform's slots. The platform's own classes come from its {@link WebhookAssembly}.
 *
 * <p>The webhook server is its owner's (several platforms may share one): close it before {@link #stop}, so no
 * webhook arrives while the parts behind it close.
 */
public final class WebhookConnector<S> implements Service {
  private final Setup setup;
  private final WebhookServer server;
  private final WebhookAssembly<S> assembly;
  private ConnectedConnector<S> connected;
  private WebhookInbox inbox;
  /** {@code <name>.webhooks}: the server the platform posts to is listening (several platforms may share it). */
  private final HealthCheck listening;

  /**
   * What the platform is and where it runs.
   *
   * @param name              the service's name ({@code connector-<platform>}): its Kafka clients and consumer group
   * @param required          the secrets a connection must have, with what each is ({@link PlatformConnections})
   * @param configured        connections of the environment, with their secrets (may be empty)
   * @param connectionSecrets opens the secrets of {@code connections.v1}; null: only the environment's connections
   */
  public record Setup(String name, Platform platform, KafkaSettings kafka, HostConfig host,
      Map<String, String> required, Map<String, Map<String, String>> configured, SealedSecrets connectionSecrets) {}

  public WebhookConnector(Setup setup, WebhookServer server, WebhookAssembly<S> assembly) {
    this.setup = setup;
    this.server = server;
    this.assembly = assembly;
    this.listening = () -> server.listening() ? HealthCheck.Status.up("listening on port " + server.port())
        : HealthCheck.Status.down("the webhook server is closed");
  }

  /**
   * Starts the host (the assembly runs in it, once the runtime's context exists), then activates the environment's
   * connections and follows {@code connections.v1}. A start that fails stops what it started and throws.
   */
  @Override
  public synchronized void start() {
    connected = ConnectedConnector.assembled(new ConnectedConnector.Setup(setup.name(), setup.platform(),
        setup.kafka(), setup.host(), setup.required(), setup.configured(), setup.connectionSecrets()),
        (ctx, connections) -> {
          WebhookParts<S> parts = assembly.assemble(ctx, connections);
          inbox = new WebhookInbox(setup.kafka(), setup.platform(), ctx.refs(),
              setup.name() + "-inbox-" + setup.host().instanceId());
          WebhookEndpoint endpoint = inbox.endpoint(parts.webhooks(),
              parts.verification() != null ? parts.verification() : connections::verification, parts.unrouted());
          if (parts.signature() != null) {
            endpoint = new WebhookEndpoint(endpoint.name(), parts.signature().apply(endpoint.signature()),
                endpoint.events(), endpoint.handler());
          }
          server.register(endpoint);
          ctx.refs().start();
          return new ConnectedConnector.Assembled<>(parts.activation(),
              new Chats<>(parts.platform(), parts.channel(), ctx), parts.connectionSeen());
        });
    try {
      connected.start(); // a failed start stops what it started
    } catch (RuntimeException e) {
      closeInbox();
      throw e;
    }
    Operations.process().ready(setup.name() + ".webhooks", listening);
  }

  /** The chats this instance holds. */
  public Chats<S> chats() {
    return connected == null ? null : connected.chats();
  }

  /** The platform's connections on this instance and whether each is active. */
  public PlatformConnections connections() {
    return connected == null ? null : connected.connections();
  }

  public ConnectorHost host() {
    return connected == null ? null : connected.host();
  }

  /**
   * Stops following {@code connections.v1}, cancels activations, stops the host (its chats and writes) and then the
   * inbox; webhooks the server still took meanwhile are answered 503 and sent again by the platform.
   */
  @Override
  public synchronized void stop() {
    Operations.process().forget(setup.name() + ".webhooks", listening);
    if (connected != null) {
      connected.stop();
    }
    closeInbox();
  }

  private void closeInbox() {
    if (inbox != null) {
      inbox.close();
      inbox = null;
    }
  }
}
