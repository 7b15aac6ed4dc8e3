package io.baton.ingress;

import io.baton.secrets.KeyRing;
import io.baton.secrets.SealedSecrets;
import io.baton.service.EnvironmentSettings;
import io.baton.topics.ConversationKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the ingress runs.
 *
 * @param port HTTP port; 0 picks a free one
 * @param maxBodyBytes the largest request body accepted (413 above)
 * @param sseKeepAlive how often an idle event stream gets a {@code : keep-alive} comment; below Jetty's 30 s idle
 *     timeout and the usual proxy timeouts
 * @param kafkaTimeout how long a write may wait for Kafka's acknowledgement before the request gets a 503
 * @param rememberedConversations how many conversations' visitor contexts are kept for placeholders (LRU)
 * @param gatewayConversations how many conversations' recent events the widget gateway keeps (LRU)
 * @param gatewayEventsPerConversation how many recent events per conversation the gateway keeps for resuming streams
 * @param security keys, token and encryption secrets
 * @param webhooks how bot webhooks are delivered
 * @param requireConnector whether a handover that no running connector would carry (connectors.presence.v1) is
 *     stamped for the router to fail at once; off for deployments whose connectors cannot write that topic
 */
public record IngressConfig(int port, int maxBodyBytes, Duration sseKeepAlive, Duration kafkaTimeout,
    int rememberedConversations, int gatewayConversations, int gatewayEventsPerConversation, Security security,
    Webhooks webhooks, boolean requireConnector) {

  /**
   * Bot webhook delivery.
   *
   * @param dispatch whether this instance delivers webhooks (it joins the consumer group that shares the work)
   * @param maxAttempts attempts per event before it is recorded as failed and skipped
   * @param firstBackoff the wait after the first failed attempt; it doubles after each further one (at most 1 min)
   * @param timeout how long one attempt may take
   */
  public record Webhooks(boolean dispatch, int maxAttempts, Duration firstBackoff, Duration timeout) {
    public Webhooks {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("webhook maxAttempts must be at least 1");
      }
      if (firstBackoff == null || firstBackoff.isNegative() || timeout == null || timeout.toMillis() < 100) {
        throw new IllegalArgumentException("webhook backoff must be >= 0 and timeout at least 100 ms");
      }
    }

    public static Webhooks defaults() {
      return new Webhooks(true, 6, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }
  }

  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  /** Widget token keys (HMAC-SHA256): at least 16 bytes. */
  public static final KeyRing.Rule TOKEN_KEY_RULE = new KeyRing.Rule(n -> n >= 16, "at least 16 bytes");

  /**
   * Who may call the ingress. Never logged: {@link #toString()} names tenants and lengths only.
   *
   * @param botKeys per tenant, its bot API keys (several, so a key can be rotated without downtime)
   * @param adminKey the operators' key (every tenant, named by {@code X-Baton-Tenant}); null: no admin access
   * @param tokenKeys sign widget tokens (HMAC-SHA256, the first signs, all verify); every instance serving the same
   *     widgets needs the same ones; null: a random one per process
   * @param widgetTokenTtl how long a widget token is valid
   * @param secretsKeys AES keys (16, 24 or 32 bytes) encrypting connection secrets at rest (the first seals, all
   *     open); null: connections with secrets are refused
   * @param devTenant when set, {@code POST /dev/widget-tokens/{id}} mints widget tokens of this tenant for anyone:
   *     for the local stack's demo page only
   * @param connectionsStartActive whether a connection that passes the ingress's checks is {@code active} at once
   *     (true until connectors check connections themselves) or {@code pending} until its connector sets it
   */
  public record Security(Map<String, List<String>> botKeys, String adminKey, KeyRing tokenKeys,
      Duration widgetTokenTtl, KeyRing secretsKeys, String devTenant, boolean connectionsStartActive) {
    public Security {
      Map<String, List<String>> keys = new LinkedHashMap<>();
      (botKeys == null ? Map.<String, List<String>>of() : botKeys).forEach((tenant, list) -> {
        if (!ConversationKey.isValidPart(tenant)) {
          throw new IllegalArgumentException("bot key tenant must match " + ConversationKey.PART.pattern());
        }
        for (String k : list) {
          requireKey("a bot key of tenant " + tenant, k);
        }
        keys.put(tenant, List.copyOf(list));
      });
      botKeys = Map.copyOf(keys);
      if (adminKey != null) {
        requireKey("the admin key", adminKey);
      }
      if (tokenKeys != null) {
        tokenKeys.ids().forEach(id -> {
          if (!TOKEN_KEY_RULE.validLength().test(tokenKeys.key(id).orElseThrow().length)) {
            throw new IllegalArgumentException("widget token key " + id + " must be at least 16 bytes");
          }
        });
      }
      if (widgetTokenTtl == null || widgetTokenTtl.toSeconds() < 1) {
        throw new IllegalArgumentException("widgetTokenTtl must be at least 1 s");
      }
      if (secretsKeys != null) {
        new SealedSecrets(secretsKeys); // checks every key's length
      }
      if (devTenant != null && !ConversationKey.isValidPart(devTenant)) {
        throw new IllegalArgumentException("dev tenant must match " + ConversationKey.PART.pattern());
      }
    }

    /** No keys at all: every API call is refused (401) until keys are configured. */
    public static Security none() {
      return new Security(Map.of(), null, null, Duration.ofHours(1), null, null, true);
    }

    public Security withBotKey(String tenant, String key) {
      Map<String, List<String>> keys = new LinkedHashMap<>(botKeys);
      List<String> list = new ArrayList<>(keys.getOrDefault(tenant, List.of()));
      list.add(key);
      keys.put(tenant, list);
      return new Security(keys, adminKey, tokenKeys, widgetTokenTtl, secretsKeys, devTenant, connectionsStartActive);
    }

    public Security withAdminKey(String key) {
      return new Security(botKeys, key, tokenKeys, widgetTokenTtl, secretsKeys, devTenant, connectionsStartActive);
    }

    /** A single token secret, as before key ids: the key {@code legacy}. */
    public Security withTokenSecret(byte[] secret) {
      return withTokenKeys(KeyRing.legacy(secret));
    }

    public Security withTokenKeys(KeyRing keys) {
      return new Security(botKeys, adminKey, keys, widgetTokenTtl, secretsKeys, devTenant, connectionsStartActive);
    }

    public Security withWidgetTokenTtl(Duration ttl) {
      return new Security(botKeys, adminKey, tokenKeys, ttl, secretsKeys, devTenant, connectionsStartActive);
    }

    /** A single secrets key, as before key ids: the key {@code legacy}. */
    public Security withSecretsKey(byte[] key) {
      return withSecretsKeys(KeyRing.legacy(key));
    }

    public Security withSecretsKeys(KeyRing keys) {
      return new Security(botKeys, adminKey, tokenKeys, widgetTokenTtl, keys, devTenant, connectionsStartActive);
    }

    public Security withDevTenant(String tenant) {
      return new Security(botKeys, adminKey, tokenKeys, widgetTokenTtl, secretsKeys, tenant, connectionsStartActive);
    }

    public Security withConnectionsStartActive(boolean active) {
      return new Security(botKeys, adminKey, tokenKeys, widgetTokenTtl, secretsKeys, devTenant, active);
    }

    @Override
    public String toString() {
      return "Security[botKeys for " + botKeys.keySet() + ", adminKey " + (adminKey == null ? "unset" : "set")
          + ", tokenKeys " + (tokenKeys == null ? "random" : tokenKeys.ids()) + ", widgetTokenTtl " + widgetTokenTtl
          + ", secretsKeys " + (secretsKeys == null ? "unset" : secretsKeys.ids()) + ", devTenant " + devTenant
          + ", connectionsStartActive " + connectionsStartActive + "]";
    }

    private static void requireKey(String what, String key) {
      // printable ASCII without spaces, so it travels in an Authorization header unchanged
      if (key == null || key.length() < 8 || key.length() > 256 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
        throw new IllegalArgumentException(what + " must be 8 to 256 printable ASCII characters without spaces");
      }
    }
  }

  public IngressConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
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
    if (security == null || webhooks == null) {
      throw new IllegalArgumentException("security and webhooks must be set");
    }
  }

  /** The defaults for everything but port and security. */
  public IngressConfig(int port, Security security) {
    this(port, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(15), Duration.ofSeconds(15), 100_000, 20_000, 1_000,
        security, Webhooks.defaults(), true);
  }

  /**
   * {@code BATON_INGRESS_PORT} (8080), {@code BATON_INGRESS_MAX_BODY_BYTES} (65536),
   * {@code BATON_INGRESS_SSE_KEEPALIVE_SECONDS} (15), {@code BATON_INGRESS_KAFKA_TIMEOUT_SECONDS} (15),
   * {@code BATON_INGRESS_REMEMBERED_CONVERSATIONS} (100000), {@code BATON_INGRESS_GATEWAY_CONVERSATIONS} (20000),
   * {@code BATON_INGRESS_GATEWAY_EVENTS_PER_CONVERSATION} (1000), and the security settings:
   * {@code BATON_INGRESS_BOT_KEYS} ({@code tenant=key,tenant=key}), {@code BATON_INGRESS_ADMIN_KEY},
   * {@code BATON_INGRESS_TOKEN_SECRETS} ({@code id:base64,...}) or {@code BATON_INGRESS_TOKEN_SECRET} (text),
   * {@code BATON_INGRESS_WIDGET_TOKEN_TTL_SECONDS} (3600), {@code BATON_INGRESS_SECRETS_KEYS} ({@code id:base64,...})
   * or {@code BATON_INGRESS_SECRETS_KEY} (base64), {@code BATON_INGRESS_DEV_TENANT},
   * {@code BATON_INGRESS_CONNECTIONS_START_ACTIVE} (true), and webhook delivery:
   * {@code BATON_INGRESS_WEBHOOKS_DISPATCH} (true), {@code BATON_INGRESS_WEBHOOK_ATTEMPTS} (6),
   * {@code BATON_INGRESS_WEBHOOK_BACKOFF_MS} (1000), {@code BATON_INGRESS_WEBHOOK_TIMEOUT_SECONDS} (10), and
   * {@code BATON_INGRESS_REQUIRE_CONNECTOR} (true).
   */
  public static IngressConfig fromEnv(Map<String, String> env) {
    return new IngressConfig(
        EnvironmentSettings.integer(env, "BATON_INGRESS_PORT", DEFAULT_PORT),
        EnvironmentSettings.integer(env, "BATON_INGRESS_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_INGRESS_SSE_KEEPALIVE_SECONDS", 15)),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_INGRESS_KAFKA_TIMEOUT_SECONDS", 15)),
        EnvironmentSettings.integer(env, "BATON_INGRESS_REMEMBERED_CONVERSATIONS", 100_000),
        EnvironmentSettings.integer(env, "BATON_INGRESS_GATEWAY_CONVERSATIONS", 20_000),
        EnvironmentSettings.integer(env, "BATON_INGRESS_GATEWAY_EVENTS_PER_CONVERSATION", 1_000),
        new Security(botKeys(env.get("BATON_INGRESS_BOT_KEYS")), blankToNull(env.get("BATON_INGRESS_ADMIN_KEY")),
            KeyRing.fromEnv(env, "BATON_INGRESS_TOKEN_SECRETS", "BATON_INGRESS_TOKEN_SECRET",
                KeyRing.LegacyEncoding.UTF8, TOKEN_KEY_RULE).orElse(null),
            Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_INGRESS_WIDGET_TOKEN_TTL_SECONDS", 3600)),
            KeyRing.fromEnv(env, SealedSecrets.KEYS_VARIABLE, SealedSecrets.KEY_VARIABLE, KeyRing.LegacyEncoding.BASE64,
                SealedSecrets.KEY_RULE).orElse(null),
            blankToNull(env.get("BATON_INGRESS_DEV_TENANT")),
            !"false".equalsIgnoreCase(env.getOrDefault("BATON_INGRESS_CONNECTIONS_START_ACTIVE", "true").trim())),
        new Webhooks(!"false".equalsIgnoreCase(env.getOrDefault("BATON_INGRESS_WEBHOOKS_DISPATCH", "true").trim()),
            EnvironmentSettings.integer(env, "BATON_INGRESS_WEBHOOK_ATTEMPTS", 6),
            Duration.ofMillis(EnvironmentSettings.integer(env, "BATON_INGRESS_WEBHOOK_BACKOFF_MS", 1000)),
            Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_INGRESS_WEBHOOK_TIMEOUT_SECONDS", 10))),
        trueOrFalse(env, "BATON_INGRESS_REQUIRE_CONNECTOR", true));
  }

  /** A switch: true or false (any case), the fallback when absent or blank; anything else is refused. */
  private static boolean trueOrFalse(Map<String, String> env, String name, boolean fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    if (raw.trim().equalsIgnoreCase("true") || raw.trim().equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(raw.trim());
    }
    throw new IllegalArgumentException(name + " must be true or false, was '" + raw + "'");
  }

  public IngressConfig withPort(int port) {
    return new IngressConfig(port, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation, security, webhooks, requireConnector);
  }

  public IngressConfig withMaxBodyBytes(int maxBodyBytes) {
    return new IngressConfig(port, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation, security, webhooks, requireConnector);
  }

  public IngressConfig withSseKeepAlive(Duration sseKeepAlive) {
    return new IngressConfig(port, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation, security, webhooks, requireConnector);
  }

  public IngressConfig withKafkaTimeout(Duration kafkaTimeout) {
    return new IngressConfig(port, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation, security, webhooks, requireConnector);
  }

  public IngressConfig withWebhooks(Webhooks webhooks) {
    return new IngressConfig(port, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation, security, webhooks, requireConnector);
  }

  public IngressConfig withRequireConnector(boolean require) {
    return new IngressConfig(port, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation, security, webhooks, require);
  }

  public IngressConfig withSecurity(Security security) {
    return new IngressConfig(port, maxBodyBytes, sseKeepAlive, kafkaTimeout, rememberedConversations,
        gatewayConversations, gatewayEventsPerConversation, security, webhooks, requireConnector);
  }

  /** {@code tenant=key,tenant=key}: a tenant may appear several times (key rotation). */
  static Map<String, List<String>> botKeys(String raw) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    if (raw == null || raw.isBlank()) {
      return keys;
    }
    for (String pair : raw.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        // the value is not echoed: it holds keys
        throw new IllegalArgumentException("BATON_INGRESS_BOT_KEYS must be tenant=key pairs separated by commas");
      }
      keys.computeIfAbsent(pair.substring(0, eq).trim(), t -> new ArrayList<>()).add(pair.substring(eq + 1).trim());
    }
    return keys;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
