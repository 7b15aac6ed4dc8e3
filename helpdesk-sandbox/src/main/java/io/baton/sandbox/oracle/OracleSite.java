package io.baton.sandbox.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.Hs256Jwt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One B2C Service site as the consumer side sees it: the API users that may call {@code establishSessions} (Basic
 * auth), the channel tokens (HS256 JWTs carrying the session information, checked by the engagement API), the
 * chat session server's domain and pool, the agents online and the routing rules that dequeue a request.
 */
final class OracleSite {
  static final String POOL = "sandbox-pool-1";
  /** The default API user: what the local stack and tests sign in with. */
  static final String USERNAME = "chat_api";
  static final String PASSWORD = "chat-api-password";

  /** A routing rule that dequeues the engagements whose session information it matches. */
  record DequeueRule(Predicate<JsonNode> matches, String reason) {}

  private final Map<String, String> users = new ConcurrentHashMap<>(Map.of(USERNAME, PASSWORD));
  private final byte[] secret = new byte[32];
  private final String siteName;
  private final Clock clock;
  private volatile Duration jwtLifetime;
  private volatile String domain = "localhost/oracle-chat";
  private volatile int agentsOnline = 1;
  private volatile DequeueRule dequeueRule;

  OracleSite(OracleSettings settings, Clock clock) {
    new SecureRandom().nextBytes(secret);
    this.siteName = settings.siteName();
    this.jwtLifetime = settings.jwtLifetime();
    this.clock = clock;
  }

  String siteName() {
    return siteName;
  }

  /** True when the user exists and the password is its own (compared in constant time). */
  boolean authenticates(String username, String password) {
    String expected = username == null ? null : users.get(username);
    return expected != null && password != null && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
  }

  void user(String username, String password) {
    if (username == null || username.isBlank() || username.contains(":") || password == null || password.isEmpty()) {
      throw new IllegalArgumentException("a user needs a name without ':' and a password");
    }
    users.put(username, password);
  }

  void removeUser(String username) {
    users.remove(username);
  }

  /** A channel token for this session information, valid for the JWT lifetime from now. */
  String issueToken(String username, ObjectNode sessionInformation) {
    long now = clock.instant().getEpochSecond();
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("iss", siteName);
    claims.put("sub", username);
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("iat", now);
    claims.put("exp", now + Math.max(1, jwtLifetime.toSeconds()));
    claims.put("pool", POOL);
    claims.set("sessionInformation", sessionInformation);
    return Hs256Jwt.sign(claims, secret);
  }

  /** The claims of a valid, unexpired token of this site; 403 otherwise. */
  ObjectNode verify(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw OracleError.accessDenied("Authorization: Bearer <channel token> is required");
    }
    ObjectNode claims = Hs256Jwt.verify(authorization.substring(7).trim(), secret)
        .orElseThrow(() -> OracleError.accessDenied("The channel token is not valid"));
    if (!siteName.equals(claims.path("iss").asText())) {
      throw OracleError.accessDenied("The channel token belongs to another site");
    }
    if (claims.path("exp").asLong(0) <= clock.instant().getEpochSecond()) {
      throw OracleError.accessDenied("The channel token has expired");
    }
    return claims;
  }

  Duration jwtLifetime() {
    return jwtLifetime;
  }

  void jwtLifetime(Duration lifetime) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("a JWT lifetime must be positive");
    }
    this.jwtLifetime = lifetime;
  }

  /** The chat session server, without scheme: where the engagement API lives. */
  String domain() {
    return domain;
  }

  void domain(String domain) {
    this.domain = domain;
  }

  int agentsOnline() {
    return agentsOnline;
  }

  void agentsOnline(int agents) {
    if (agents < 0) {
      throw new IllegalArgumentException("agents online cannot be negative");
    }
    this.agentsOnline = agents;
  }

  DequeueRule dequeueRule() {
    return dequeueRule;
  }

  void dequeueRule(DequeueRule rule) {
    this.dequeueRule = rule;
  }
}
