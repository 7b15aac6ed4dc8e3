package io.baton.sandbox.freshchat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's Freshchat account: its API tokens, app id, channels, groups and agents, its own RSA 2048 key pair
 * (the public key is what Freshchat's admin UI shows as PEM), the one webhook URL and the {@link PayloadVariant} of
 * {@code message_create}. Channels and groups are fixed; agents can be added. Guarded by the simulator's monitor,
 * except the tokens, the webhook URL and the variant, which the sender and the API read without it.
 */
final class FreshchatAccount {
  /** The account's default API token (documented in the sandbox README). */
  static final String TOKEN = "freshchat-sandbox-token";
  static final String APP_ID = "fc000000-0000-4000-8000-000000000000";
  static final String ACCOUNT_NAME = "baton-sandbox";
  static final String SUPPORT_CHANNEL_ID = "fc0c0000-0000-4000-8000-000000000001";
  static final String SALES_CHANNEL_ID = "fc0c0000-0000-4000-8000-000000000002";
  static final String ARCHIVED_CHANNEL_ID = "fc0c0000-0000-4000-8000-000000000003";
  static final String SUPPORT_GROUP_ID = "fc060000-0000-4000-8000-000000000001";
  static final String BILLING_GROUP_ID = "fc060000-0000-4000-8000-000000000002";
  static final String ALEX_AGENT_ID = "fc0a0000-0000-4000-8000-000000000001";
  static final String SAM_AGENT_ID = "fc0a0000-0000-4000-8000-000000000002";

  record Channel(String id, String name, boolean enabled) {}

  record Group(String id, String name) {}

  record Agent(String id, String firstName, String lastName, String email) {
    String fullName() {
      return lastName == null || lastName.isEmpty() ? firstName : firstName + " " + lastName;
    }
  }

  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  /** Made on first use: most sandboxes (other platforms' tests) never need it, and RSA 2048 takes a while. */
  private KeyPair keys;
  private volatile String webhookUrl;
  private volatile PayloadVariant payloadVariant = PayloadVariant.CURRENT;

  FreshchatAccount() {
    tokens.add(TOKEN);
    for (Channel c : List.of(new Channel(SUPPORT_CHANNEL_ID, "Support", true),
        new Channel(SALES_CHANNEL_ID, "Sales", true), new Channel(ARCHIVED_CHANNEL_ID, "Archived", false))) {
      channels.put(c.id(), c);
    }
    groups.put(SUPPORT_GROUP_ID, new Group(SUPPORT_GROUP_ID, "Support"));
    groups.put(BILLING_GROUP_ID, new Group(BILLING_GROUP_ID, "Billing"));
    agents.put(ALEX_AGENT_ID, new Agent(ALEX_AGENT_ID, "Alex", "Morgan", "alex@sandbox.freshchat.test"));
    agents.put(SAM_AGENT_ID, new Agent(SAM_AGENT_ID, "Sam", "Lee", "sam@sandbox.freshchat.test"));
  }

  boolean validToken(String token) {
    return token != null && tokens.contains(token);
  }

  /** Another API token of the account (Freshchat's tokens are per admin; all see the same account). */
  String newToken() {
    String token = "freshchat-token-" + UUID.randomUUID();
    tokens.add(token);
    return token;
  }

  synchronized KeyPair keys() {
    if (keys == null) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("no RSA on this JVM", e);
      }
    }
    return keys;
  }

  /** The public key as the admin UI shows it: PEM of the X.509 SubjectPublicKeyInfo. */
  String publicKeyPem() {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .encodeToString(keys().getPublic().getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
  }

  String webhookUrl() {
    return webhookUrl;
  }

  /** The admin UI's webhook URL: an http(s) URL, or null for none (nothing is delivered). */
  void webhookUrl(String url) {
    if (url != null && !url.matches("https?://[^\\s/]+(/\\S*)?")) {
      throw new IllegalArgumentException("the webhook URL must be an http(s) URL");
    }
    webhookUrl = url;
  }

  PayloadVariant payloadVariant() {
    return payloadVariant;
  }

  void payloadVariant(PayloadVariant variant) {
    payloadVariant = java.util.Objects.requireNonNull(variant, "payloadVariant");
  }

  List<Channel> channels() {
    return List.copyOf(channels.values());
  }

  Channel channel(String id) {
    Channel c = id == null ? null : channels.get(id);
    if (c == null) {
      throw FreshchatError.notFound("channel", id);
    }
    return c;
  }

  List<Group> groups() {
    return List.copyOf(groups.values());
  }

  Group group(String id) {
    Group g = id == null ? null : groups.get(id);
    if (g == null) {
      throw FreshchatError.notFound("group", id);
    }
    return g;
  }

  Optional<Group> groupNamed(String name) {
    return groups.values().stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst();
  }

  List<Agent> agents() {
    return new ArrayList<>(agents.values());
  }

  Agent agent(String id) {
    Agent a = id == null ? null : agents.get(id);
    if (a == null) {
      throw FreshchatError.notFound("agent", id);
    }
    return a;
  }

  /** The agent named by id, email, full name or first name (any case). */
  Optional<Agent> agentNamed(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return agents.values().stream().filter(a -> a.id().equals(name) || n.equals(a.email())
        || n.equals(a.fullName().toLowerCase(Locale.ROOT)) || n.equals(a.firstName().toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  /** The agent so named, or a new one of that name (someone signing in at the desk). */
  Agent agentNamedOrNew(String name) {
    return agentNamed(name).orElseGet(() -> addAgent(name));
  }

  /** A new agent: "First Last" splits on the first space; the email is made up from the name. */
  Agent addAgent(String name) {
    String trimmed = name.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("an agent needs a name");
    }
    int space = trimmed.indexOf(' ');
    String first = space < 0 ? trimmed : trimmed.substring(0, space);
    String last = space < 0 ? "" : trimmed.substring(space + 1).trim();
    String id = UUID.randomUUID().toString();
    Agent a = new Agent(id, first, last,
        trimmed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".") + "@sandbox.freshchat.test");
    agents.put(id, a);
    return a;
  }
}
