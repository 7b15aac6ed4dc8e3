package io.baton.connector.connections;

import io.baton.connector.calls.PlatformCalls;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one platform on a connector instance: their secrets (from the environment, and from
 * {@code connections.v1} through a {@link ConnectionFeed}) and their activation at the platform (a webhook
 * subscription, a credentials check), retried with backoff until it works, its status written back to
 * {@code connections.v1} (active, or inactive with the reason). Handovers of a connection wait until it is active.
 * Secrets are never logged.
 */
public final class PlatformConnections implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlatformConnections.class);
  /** The connection of handovers that name none (or one without its own credentials in the environment). */
  public static final String DEFAULT = "default";

  /**
   * What activating a connection means at the platform; completes with what it learned that webhooks are checked
   * with (a subscription's signing key; may be empty), or fails with the reason the connection is inactive.
   */
  @FunctionalInterface
  public interface Activation {
    CompletionStage<Map<String, String>> activate(String connection, Map<String, String> secrets);
  }

  private final Platform platform;
  private final Map<String, String> required;
  private final boolean fromFeed;
  private final PlatformCalls calls;
  private final Activation activation;
  private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> learned = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> settings = new ConcurrentHashMap<>();
  private final Map<String, String> tenants = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Map<String, String>>> awaited = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> activations = new ConcurrentHashMap<>();
  /** The reason each connection's activation last failed: retries for the same reason are not logged again. */
  private final Map<String, String> lastReason = new ConcurrentHashMap<>();
  private volatile ConnectionFeed feed;
  private volatile boolean closed;

  /**
   * @param configured secrets per connection from the environment ({@link #DEFAULT} for every other connection)
   * @param required   the secrets a connection must have, with what each is (else it is inactive, saying which)
   * @param fromFeed   connections also come from {@code connections.v1}: an unknown one may still arrive
   */
  public PlatformConnections(Platform platform, Map<String, Map<String, String>> configured,
      Map<String, String> required,
      boolean fromFeed, PlatformCalls calls, Activation activation) {
    this.platform = platform;
    this.required = Map.copyOf(required);
    this.fromFeed = fromFeed;
    this.calls = calls;
    this.activation = activation;
    configured.forEach((id, s) -> secrets.put(id, Map.copyOf(s)));
  }

  /** Activates the connections of the environment. */
  public void start() {
    secrets.keySet().forEach(this::activate);
  }

  /** Writes statuses to {@code connections.v1} through this feed from now on. */
  public void follow(ConnectionFeed feed) {
    this.feed = feed;
  }

  /** The feed's listener: a connection of {@code connections.v1}, new or with new credentials. */
  public void changed(Connection connection, Map<String, String> opened) {
    String id = connection.getConnectionId();
    for (var secret : required.entrySet()) {
      String value = opened.get(secret.getKey());
      if (value == null || value.isBlank()) {
        report(id, ConnectionStatus.inactive, "no " + secret.getValue() + " (secret '" + secret.getKey() + "')");
        return;
      }
    }
    Map<String, String> trimmed = new HashMap<>();
    opened.forEach((k, v) -> trimmed.put(k, v.trim()));
    settings.put(id, Map.copyOf(connection.getSettings()));
    tenants.put(id, connection.getTenant());
    secrets.put(id, Map.copyOf(trimmed));
    CompletableFuture<Map<String, String>> waiting = awaited.remove(id);
    if (waiting != null) {
      waiting.complete(secrets.get(id));
    }
    CompletableFuture<Void> previous = activations.remove(id);
    if (previous != null) {
      previous.cancel(false); // stops its retries: the new credentials are tried instead
    }
    learned.remove(id);
    lastReason.remove(id); // new credentials: their first failure is logged
    activate(id);
  }

  /**
   * The feed's listener: the connection was disabled, deleted or refused by the ingress. Its activation stops (a
   * connection retried in the background could otherwise become active over the refusal); its secrets stay, so its
   * live chats can still end.
   */
  public void removed(String connectionId) {
    CompletableFuture<Void> running = activations.remove(connectionId);
    if (running != null) {
      running.cancel(false);
    }
    learned.remove(connectionId);
  }

  /** The connection a handover uses: its own when known or still to come from the feed, else the default. */
  public String resolve(String connectionId) {
    if (connectionId == null) {
      return DEFAULT;
    }
    return secrets.containsKey(connectionId) || fromFeed ? connectionId : DEFAULT;
  }

  /** The connection's secrets once known (the feed may still be reading); the command timeout bounds the wait. */
  public CompletableFuture<Map<String, String>> secrets(String connection) {
    Map<String, String> known = secrets.get(connection);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    if (!fromFeed) {
      return CompletableFuture.failedFuture(new IllegalStateException("no " + platform + " credentials for connection "
          + connection));
    }
    CompletableFuture<Map<String, String>> waiting =
        awaited.computeIfAbsent(connection, c -> new CompletableFuture<>());
    Map<String, String> now = secrets.get(connection); // it may have arrived meanwhile
    if (now != null) {
      waiting.complete(now);
    }
    return waiting;
  }

  /**
   * The connection's settings (what is not secret: a domain, an app id) as {@code connections.v1} has them; empty for
   * a connection of the environment. Read them in the activation: they are set before it runs.
   */
  public Map<String, String> settings(String connection) {
    return settings.getOrDefault(connection, Map.of());
  }

  /**
   * The tenant a connection of {@code connections.v1} belongs to (what a visitor writing in the platform's own inbox
   * is a visitor of); empty for a connection of the environment.
   */
  public java.util.Optional<String> tenant(String connection) {
    return java.util.Optional.ofNullable(tenants.get(connection));
  }

  /** Completes once the connection is active (its activation worked); tried again with backoff until then. */
  public CompletableFuture<Void> active(String connection) {
    return secrets(connection).thenCompose(s -> activate(connection));
  }

  /**
   * Completes once the connection is active, with what its calls use: its secrets and what activation learned (its
   * secrets alone if it was deactivated meanwhile).
   */
  public CompletableFuture<Map<String, String>> activeSecrets(String connection) {
    return active(connection).thenCompose(x -> {
      Map<String, String> checked = verification(connection);
      return checked != null ? CompletableFuture.completedFuture(checked) : secrets(connection);
    });
  }

  public boolean isActive(String connection) {
    CompletableFuture<Void> a = activations.get(connection);
    return a != null && a.isDone() && !a.isCompletedExceptionally();
  }

  /** What an active connection's webhooks are checked with (its secrets and what activation learned); else null. */
  public Map<String, String> verification(String connection) {
    Map<String, String> s = secrets.get(connection);
    Map<String, String> l = learned.get(connection);
    if (s == null || l == null) {
      return null;
    }
    Map<String, String> all = new HashMap<>(s);
    all.putAll(l);
    return all;
  }

  private CompletableFuture<Void> activate(String connection) {
    return activations.computeIfAbsent(connection, c -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      attempt(c, 1, done);
      return done;
    });
  }

  private void attempt(String connection, int attempt, CompletableFuture<Void> done) {
    if (closed || done.isDone()) {
      return;
    }
    CompletionStage<Map<String, String>> result;
    try {
      result = activation.activate(connection, secrets.get(connection));
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((learnedNow, error) -> {
      if (done.isDone()) {
        return; // replaced by newer credentials meanwhile
      }
      if (error == null) {
        learned.put(connection, learnedNow == null ? Map.of() : Map.copyOf(learnedNow));
        lastReason.remove(connection);
        log.info("{} connection {} is active", platform, connection);
        done.complete(null);
        report(connection, ConnectionStatus.active, null);
        return;
      }
      Throwable cause = PlatformCalls.cause(error);
      String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      if (!reason.equals(lastReason.put(connection, reason))) {
        log.error("{} connection {} stays inactive: {}", platform, connection, reason);
      } else {
        log.debug("{} connection {} still inactive (attempt {}): {}", platform, connection, attempt, reason);
      }
      report(connection, ConnectionStatus.inactive, reason);
      calls.backoff(Math.min(attempt, 8), cause).thenRun(() -> attempt(connection, attempt + 1, done));
    });
  }

  private void report(String connection, ConnectionStatus status, String reason) {
    ConnectionFeed f = feed;
    if (f != null && !DEFAULT.equals(connection)) {
      f.report(connection, status, reason).exceptionally(e -> {
        log.warn("{} connection {}: could not record its status: {}", platform, connection, e.toString());
        return null;
      });
    }
  }

  @Override
  public void close() {
    closed = true;
    activations.values().forEach(a -> a.cancel(false));
  }
}
