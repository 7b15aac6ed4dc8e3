package io.baton.ingress;

import io.baton.topics.ConversationKey;
import java.time.Duration;
import java.util.Map;

/**
 * How the ingress runs.
 *
 * @param port HTTP port; 0 picks a free one
 * @param defaultTenant the tenant of requests without {@code X-Baton-Tenant}
 * @param maxBodyBytes the largest request body accepted (413 above)
 * @param sseKeepAlive how often an idle event stream gets a {@code : keep-alive} comment; below Jetty's 30 s idle
 *     timeout and the usual proxy timeouts
 * @param kafkaTimeout how long a write may wait for Kafka's acknowledgement before the request gets a 503
 * @param rememberedConversations how many conversations' visitor contexts are kept for placeholders (LRU)
 * @param gatewayConversations how many conversations' recent events the widget gateway keeps (LRU)
 * @param gatewayEventsPerConversation how many recent events per conversation the gateway keeps for resuming streams
 */
public record IngressConfig(int port, String defaultTenant, int maxBodyBytes, Duration sseKeepAlive,
    Duration kafkaTimeout, int rememberedConversations, int gatewayConversations, int gatewayEventsPerConversation) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_TENANT = "demo";
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  public IngressConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (!ConversationKey.isValidPart(defaultTenant)) {
      throw new IllegalArgumentException("default tenant must match " + ConversationKey.PART.pattern());
    }
    requirePositive("maxBodyBytes", maxBodyBytes);
    requirePositive("rememberedConversations", rememberedConversations);
    requirePositive("gatewayConversations", gatewayConversations);
    requirePositive("gatewayEventsPerConversation", gatewayEventsPerConversation);
    if (sseKeepAlive == null || sseKeepAlive.toMillis() <= 0) {
      throw new IllegalArgumentException("sseKeepAlive must be positive");
    }
    if (kafkaTimeout == null || kafkaTimeout.toMillis() < 1000) {
      throw new IllegalArgumentException("kafkaTimeout must be at least 1 s");
    }
  }

  /** The defaults for everything but port and tenant. */
  public IngressConfig(int port, String defaultTenant) {
    this(port, defaultTenant, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(15), Duration.ofSeconds(15), 100_000, 20_000,
        1_000);
  }

  /**
   * {@code BATON_INGRESS_PORT} (8080), {@code BATON_DEFAULT_TENANT} ("demo"), {@code BATON_INGRESS_MAX_BODY_BYTES}
   * (65536), {@code BATON_INGRESS_SSE_KEEPALIVE_SECONDS} (15), {@code BATON_INGRESS_KAFKA_TIMEOUT_SECONDS} (15),
   * {@code BATON_INGRESS_REMEMBERED_CONVERSATIONS} (100000), {@code BATON_INGRESS_GATEWAY_CONVERSATIONS} (20000),
   * {@code BATON_INGRESS_GATEWAY_EVENTS_PER_CONVERSATION} (1000).
   */
  public static IngressConfig fromEnv(Map<String, String> env) {
    return new IngressConfig(
        integer(env, "BATON_INGRESS_PORT", DEFAULT_PORT),
        env.getOrDefault("BATON_DEFAULT_TENANT", DEFAULT_TENANT),
        integer(env, "BATON_INGRESS_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
        Duration.ofSeconds(integer(env, "BATON_INGRESS_SSE_KEEPALIVE_SECONDS", 15)),
        Duration.ofSeconds(integer(env, "BATON_INGRESS_KAFKA_TIMEOUT_SECONDS", 15)),
        integer(env, "BATON_INGRESS_REMEMBERED_CONVERSATIONS", 100_000),
        integer(env, "BATON_INGRESS_GATEWAY_CONVERSATIONS", 20_000),
        integer(env, "BATON_INGRESS_GATEWAY_EVENTS_PER_CONVERSATION", 1_000));
  }

  public IngressConfig withPort(int port) {
    return new IngressConfig(port, defaultTenant, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation);
  }

  public IngressConfig withMaxBodyBytes(int maxBodyBytes) {
    return new IngressConfig(port, defaultTenant, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation);
  }

  public IngressConfig withSseKeepAlive(Duration sseKeepAlive) {
    return new IngressConfig(port, defaultTenant, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation);
  }

  public IngressConfig withKafkaTimeout(Duration kafkaTimeout) {
    return new IngressConfig(port, defaultTenant, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation);
  }

  private static int integer(Map<String, String> env, String name, int absent) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return absent;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + raw + "'");
    }
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
