package io.baton.ingress.guard;

import io.baton.service.EnvironmentSettings;
import io.baton.topics.ConversationKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ingress does against hostile callers: which sites may embed a tenant's widget (CORS), how fast a tenant and
 * a conversation may call, how many event streams a widget token and a tenant may hold open, how large request headers
 * may be, and whether bot webhooks may call loopback. Every limit is per instance: with N instances behind a balancer
 * a tenant gets up to N times a rate, so set a tenant's rate to its quota divided by N.
 *
 * @param corsOrigins per tenant, the origins ({@code https://shop.example}) whose pages may call with its widget tokens
 * @param perTenant requests per second and burst of one tenant (every credential of it)
 * @param perConversation requests per second and burst on one conversation's routes
 * @param streamsPerToken event streams (SSE and WebSocket) open at once per widget token, counted per conversation so
 *     minting more tokens for it does not raise the limit
 * @param streamsPerTenant event streams open at once per tenant, every credential
 * @param maxHeaderBytes the request line and headers together; beyond it a 431 (a 414 for a long request line)
 * @param webhookAllowLoopback whether a bot webhook may be on 127.0.0.0/8 or ::1 (the local stack and tests only)
 */
public record IngressGuards(Map<String, List<String>> corsOrigins, RateLimit perTenant, RateLimit perConversation,
    int streamsPerToken, int streamsPerTenant, int maxHeaderBytes, boolean webhookAllowLoopback) {

  /** A token bucket: {@code perSecond} refill, at most {@code burst} requests at once. */
  public record RateLimit(double perSecond, int burst) {
    public RateLimit {
      if (!(perSecond > 0) || burst < 1) {
        throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
      }
    }
  }

  public IngressGuards {
    Map<String, List<String>> origins = new LinkedHashMap<>();
    (corsOrigins == null ? Map.<String, List<String>>of() : corsOrigins).forEach((tenant, list) -> {
      if (!ConversationKey.isValidPart(tenant)) {
        throw new IllegalArgumentException("CORS origin tenant must match " + ConversationKey.PART.pattern());
      }
      list.forEach(WebOrigin::require);
      origins.put(tenant, List.copyOf(list));
    });
    corsOrigins = Map.copyOf(origins);
    if (perTenant == null || perConversation == null) {
      throw new IllegalArgumentException("rate limits must be set");
    }
    if (streamsPerToken < 1 || streamsPerTenant < 1) {
      throw new IllegalArgumentException("stream limits must be at least 1");
    }
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
    }
  }

  public static IngressGuards defaults() {
    return fromEnv(Map.of());
  }

  /**
   * {@code BATON_INGRESS_CORS_ORIGINS} ({@code tenant=https://origin,tenant=https://origin}; none),
   * {@code BATON_INGRESS_RATE_PER_TENANT} (1000 per second) and {@code BATON_INGRESS_BURST_PER_TENANT} (2000),
   * {@code BATON_INGRESS_RATE_PER_CONVERSATION} (20) and {@code BATON_INGRESS_BURST_PER_CONVERSATION} (100),
   * {@code BATON_INGRESS_STREAMS_PER_TOKEN} (8), {@code BATON_INGRESS_STREAMS_PER_TENANT} (20000),
   * {@code BATON_INGRESS_MAX_HEADER_BYTES} (8192), {@code BATON_INGRESS_WEBHOOK_ALLOW_LOOPBACK} (false).
   */
  public static IngressGuards fromEnv(Map<String, String> env) {
    return new IngressGuards(origins(env.get("BATON_INGRESS_CORS_ORIGINS")),
        new RateLimit(EnvironmentSettings.integer(env, "BATON_INGRESS_RATE_PER_TENANT", 1000),
            EnvironmentSettings.integer(env, "BATON_INGRESS_BURST_PER_TENANT", 2000)),
        new RateLimit(EnvironmentSettings.integer(env, "BATON_INGRESS_RATE_PER_CONVERSATION", 20),
            EnvironmentSettings.integer(env, "BATON_INGRESS_BURST_PER_CONVERSATION", 100)),
        EnvironmentSettings.integer(env, "BATON_INGRESS_STREAMS_PER_TOKEN", 8),
        EnvironmentSettings.integer(env, "BATON_INGRESS_STREAMS_PER_TENANT", 20_000),
        EnvironmentSettings.integer(env, "BATON_INGRESS_MAX_HEADER_BYTES", 8192),
        switchOf(env, "BATON_INGRESS_WEBHOOK_ALLOW_LOOPBACK"));
  }

  public IngressGuards withCorsOrigins(Map<String, List<String>> origins) {
    return new IngressGuards(origins, perTenant, perConversation, streamsPerToken, streamsPerTenant, maxHeaderBytes,
        webhookAllowLoopback);
  }

  public IngressGuards withRates(RateLimit tenant, RateLimit conversation) {
    return new IngressGuards(corsOrigins, tenant, conversation, streamsPerToken, streamsPerTenant, maxHeaderBytes,
        webhookAllowLoopback);
  }

  public IngressGuards withStreams(int tokenStreams, int tenantStreams) {
    return new IngressGuards(corsOrigins, perTenant, perConversation, tokenStreams, tenantStreams, maxHeaderBytes,
        webhookAllowLoopback);
  }

  public IngressGuards withMaxHeaderBytes(int bytes) {
    return new IngressGuards(corsOrigins, perTenant, perConversation, streamsPerToken, streamsPerTenant, bytes,
        webhookAllowLoopback);
  }

  public IngressGuards withWebhookAllowLoopback(boolean allow) {
    return new IngressGuards(corsOrigins, perTenant, perConversation, streamsPerToken, streamsPerTenant,
        maxHeaderBytes, allow);
  }

  static Map<String, List<String>> origins(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isBlank()) {
      return out;
    }
    for (String pair : raw.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("BATON_INGRESS_CORS_ORIGINS must be tenant=origin pairs separated by"
            + " commas, got '" + pair.trim() + "'");
      }
      out.computeIfAbsent(pair.substring(0, eq).trim(), t -> new ArrayList<>()).add(pair.substring(eq + 1).trim());
    }
    return out;
  }

  private static boolean switchOf(Map<String, String> env, String name) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return false;
    }
    if (raw.trim().equalsIgnoreCase("true") || raw.trim().equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(raw.trim());
    }
    throw new IllegalArgumentException(name + " must be true or false, was '" + raw + "'");
  }
}
