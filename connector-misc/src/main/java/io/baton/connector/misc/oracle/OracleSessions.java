package io.baton.connector.misc.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.connections.PlatformConnections;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer sessions: establishSessions (the API user's Basic auth, the session information) gives the JWT and where
 * the engagement API is; a call refused with 403 (the JWT expired or was revoked) establishes the session again for
 * a new JWT, once however many calls hit it, and goes on with the same engagement ({@link #call}).
 */
final class OracleSessions {
  private static final Logger log = LoggerFactory.getLogger(OracleSessions.class);

  private final OracleClient client;
  private final PlatformCalls calls;
  private final PlatformConnections connections;

  OracleSessions(OracleClient client, PlatformCalls calls, PlatformConnections connections) {
    this.client = client;
    this.calls = calls;
    this.connections = connections;
  }

  PlatformConnections connections() {
    return connections;
  }

  /** The connection's settings, or the reason they are unusable. */
  OracleSettings settings(String connection) {
    return OracleSettings.of(connections.settings(connection));
  }

  /** Activating a connection: its settings are checked and its API user establishes a session (the credentials). */
  CompletionStage<Map<String, String>> activate(String connection, Map<String, String> secrets) {
    OracleSettings settings;
    try {
      settings = settings(connection);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return calls.call(connection, "establishSessions", () -> client.establish(settings.siteUrl(),
        secrets.get("username"), secrets.get("password"), "{}")).thenApply(json -> {
          if (json.path("channelToken").asText("").isEmpty()) {
            throw new IllegalStateException("establishSessions answered without a channelToken");
          }
          return Map.of();
        });
  }

  /** Establishes the engagement's session: its JWT, site name, engagement API address and pool. */
  CompletableFuture<Void> establish(OracleEngagement e) {
    return connections.active(e.connection).thenCompose(x -> connections.secrets(e.connection))
        .thenCompose(secrets -> {
          OracleSettings settings = settings(e.connection);
          return calls.call(e.connection, "establishSessions", () -> client.establish(settings.siteUrl(),
              secrets.get("username"), secrets.get("password"), e.sessionInformation))
              .thenAccept(json -> apply(e, settings.siteUrl(), json));
        });
  }

  /** What establishSessions answered, into the engagement; the first answer also says where its API is. */
  static void apply(OracleEngagement e, String siteUrl, JsonNode json) {
    String jwt = json.path("channelToken").asText("");
    if (jwt.isEmpty()) {
      throw new IllegalStateException("establishSessions answered without a channelToken");
    }
    synchronized (e) {
      e.jwt = jwt;
      if (e.apiUrl != null) {
        return; // a renewal: the engagement stays where it is
      }
      JsonNode server = json.path("sessionServerResponse");
      if (server.isTextual()) {
        try {
          server = OracleClient.JSON.readTree(server.asText());
        } catch (IOException ex) {
          throw new IllegalStateException("establishSessions answered a sessionServerResponse that is not JSON");
        }
      }
      String domain = server.path("domain").asText("");
      String siteName = json.path("siteName").asText("");
      String pool = server.path("pool").asText("");
      if (domain.isEmpty() || siteName.isEmpty() || pool.isEmpty()) {
        throw new IllegalStateException("establishSessions answered without a domain, siteName or pool");
      }
      String port = server.path("port").asText("");
      String host = domain;
      if (!port.isEmpty()) {
        int slash = domain.indexOf('/');
        String authority = slash < 0 ? domain : domain.substring(0, slash);
        if (!authority.contains(":")) {
          host = authority + ":" + port + (slash < 0 ? "" : domain.substring(slash));
        }
      }
      // The engagement API is reached the way the site is [guess: Oracle's sites and chat servers are https].
      String scheme = URI.create(siteUrl).getScheme();
      e.siteName = siteName;
      e.pool = pool;
      e.apiUrl = scheme + "://" + host + "/engagement/api/consumer/" + siteName + "/v1";
    }
  }

  /**
   * An engagement call through the connection's rate limit; a 403 renews the JWT once (shared with every call that
   * hit the same expired JWT) and the call goes again with the new one.
   */
  <T> CompletableFuture<T> call(Chat<OracleEngagement> chat, String what,
      Function<OracleEngagement, CompletableFuture<T>> call) {
    OracleEngagement e = chat.state();
    String jwt = e.jwt;
    return calls.call(e.connection, what, () -> call.apply(e)).exceptionallyCompose(error -> {
      if (!OracleClient.status(error, 403)) {
        return CompletableFuture.failedFuture(PlatformCalls.cause(error));
      }
      return renew(chat, jwt).thenCompose(x -> calls.call(e.connection, what, () -> call.apply(e)));
    });
  }

  /** A new JWT for the engagement, unless it already has another than {@code staleJwt}; recorded in the link. */
  CompletableFuture<Void> renew(Chat<OracleEngagement> chat, String staleJwt) {
    OracleEngagement e = chat.state();
    synchronized (e) {
      if (staleJwt != null && !staleJwt.equals(e.jwt)) {
        return CompletableFuture.completedFuture(null); // another call renewed it already
      }
      if (e.renewing == null || e.renewing.isDone()) {
        log.info("{}: the JWT was refused (403), establishing the session again", chat);
        e.renewing = establish(e).thenCompose(x -> chat.saveLink());
      }
      return e.renewing;
    }
  }
}
