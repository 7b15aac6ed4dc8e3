package io.baton.connector.connections;

import io.baton.connector.ConnectorHost;
import io.baton.connector.HostConfig;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.Chats;
import io.baton.events.Connection;
import io.baton.events.Platform;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The service of a platform that needs connections (credentials from the environment and {@code connections.v1})
 * but takes no webhooks: it fetches its agents' activity itself (a long poll, a stream). A {@link ConnectorHost} for
 * {@code connector.<platform>.commands.v2}, the platform's {@link PlatformConnections} (activated through the
 * platform's {@link Parts#activation}), a {@link ConnectionFeed} when the secrets key is given, and {@link Chats}
 * around the platform. {@code WebhookConnector} builds on it, adding the webhook inbox and endpoint through
 * {@link #assembled}.
 */
public final class ConnectedConnector<S> implements Service {
  private final Setup setup;
  private final Assembly<S> assembly;
  private ConnectorHost host;
  private volatile Chats<S> chats;
  private volatile PlatformConnections connections;
  private volatile Assembled<S> parts;
  private ConnectionFeed feed;

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

  /** What the platform brings: what activating a connection means there, and its chats. */
  public record Parts<S>(PlatformConnections.Activation activation, ChatPlatform<S> platform) {}

  /**
   * What a platform family builds in the host: the activation, the chats it made (with whatever else it attached to
   * the context) and, optionally, a listener told of each connection change before the connections are.
   */
  public record Assembled<S>(PlatformConnections.Activation activation, Chats<S> chats,
      ConnectionFeed.Listener connectionSeen) {}

  /** Builds a family's parts in the host, once the runtime's context and the connections exist. */
  public interface Assembly<S> {
    Assembled<S> assemble(ConnectorHost.Context ctx, PlatformConnections connections);
  }

  /** @param assembly builds the platform's parts once the runtime's context and the connections exist */
  public ConnectedConnector(Setup setup, BiFunction<ConnectorHost.Context, PlatformConnections, Parts<S>> assembly) {
    this(setup, (Assembly<S>) (ctx, connections) -> {
      Parts<S> p = assembly.apply(ctx, connections);
      return new Assembled<>(p.activation(), new Chats<>(p.platform(), ctx), null);
    });
  }

  private ConnectedConnector(Setup setup, Assembly<S> assembly) {
    this.setup = setup;
    this.assembly = assembly;
  }

  /** For a family that builds its chats itself (the webhook family: inbox, endpoint, then chats on its channel). */
  public static <S> ConnectedConnector<S> assembled(Setup setup, Assembly<S> assembly) {
    return new ConnectedConnector<>(setup, assembly);
  }

  /** Starts the host, then activates the environment's connections and follows {@code connections.v1}. */
  @Override
  public synchronized void start() {
    try {
      host = new ConnectorHost(setup.name(), setup.platform(), setup.kafka(), setup.host(), ctx -> {
        // The activation is the assembly's, which needs the connections: it runs only after both exist.
        connections = new PlatformConnections(setup.platform(), setup.configured(), setup.required(),
            setup.connectionSecrets() != null, ctx.calls(), (c, s) -> parts.activation().activate(c, s));
        parts = assembly.assemble(ctx, connections);
        chats = parts.chats();
        return chats;
      });
      host.start();
      connections.start();
      if (setup.connectionSecrets() != null) {
        feed = new ConnectionFeed(setup.kafka(), setup.platform(), setup.connectionSecrets(),
            new ConnectionFeed.Listener() {
              @Override
              public void changed(Connection c, Map<String, String> opened) {
                if (parts.connectionSeen() != null) {
                  parts.connectionSeen().changed(c, opened);
                }
                connections.changed(c, opened);
              }

              @Override
              public void removed(Connection c) {
                if (parts.connectionSeen() != null) {
                  parts.connectionSeen().removed(c); // reads what activation learned, to undo it
                }
                connections.removed(c.getConnectionId());
              }
            });
        connections.follow(feed);
        feed.start();
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** The chats this instance holds. */
  public Chats<S> chats() {
    return chats;
  }

  /** The platform's connections on this instance and whether each is active. */
  public PlatformConnections connections() {
    return connections;
  }

  public ConnectorHost host() {
    return host;
  }

  /** Stops following {@code connections.v1}, cancels activations, then stops the host (its chats and writes). */
  @Override
  public synchronized void stop() {
    if (feed != null) {
      feed.close();
      feed = null;
    }
    if (connections != null) {
      connections.close();
    }
    if (host != null) {
      host.stop();
    }
  }
}
