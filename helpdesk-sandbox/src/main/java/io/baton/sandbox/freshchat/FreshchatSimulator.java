package io.baton.sandbox.freshchat;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.RateLimiter;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.WebhookSender;
import io.javalin.Javalin;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Freshchat's API v2 under {@code /freshchat/v2} ({@link FreshchatApi}) for one sandbox account
 * ({@link FreshchatAccount}: tokens, channels, groups, agents, RSA key pair, webhook URL, payload variant), its users
 * ({@link FreshchatUsers}), conversations and messages ({@link FreshchatConversations}), signed webhooks
 * ({@link FreshchatWebhooks}, {@link FreshchatPayloads}), the admin UI's settings as sandbox routes
 * ({@link FreshchatAdminRoutes}) and the agents on the desk ({@link FreshchatDesk}).
 *
 * <p>All state sits behind this simulator's monitor: the parts are only called through {@link #locked}.
 */
public final class FreshchatSimulator extends SimulatorSupport {
  /** The account's default API token (as {@link #token()}), for clients of a sandbox in another process. */
  public static final String TOKEN = FreshchatAccount.TOKEN;
  /** Its URL segment and console label. */
  public static final String NAME = "freshchat";

  /** A conversation as a test reads it; {@code messages} oldest first. */
  public record Conversation(String id, String channelId, List<String> userIds, String status,
      String assignedAgentId, String assignedGroupId, Map<String, Object> properties,
      List<FreshchatMessage> messages, Instant createdTime) {}

  private final FreshchatAccount account = new FreshchatAccount();
  private final FreshchatUsers users = new FreshchatUsers();
  private final FreshchatWebhooks webhooks;
  private final FreshchatConversations conversations;
  private final FreshchatDesk desk;
  private volatile RateLimiter rateLimiter;

  public FreshchatSimulator() {
    this(FreshchatSettings.defaults());
  }

  public FreshchatSimulator(FreshchatSettings settings) {
    super(NAME);
    this.webhooks = new FreshchatWebhooks(account, settings);
    this.conversations = new FreshchatConversations(account, users, new FreshchatPayloads(account, webhooks));
    rateLimit(settings.requestsPerWindow(), settings.window());
    this.desk = new FreshchatDesk(this);
  }

  @Override
  protected void registerApi(Javalin app) {
    FreshchatApi.register(app, this);
    FreshchatAdminRoutes.register(app, this);
  }

  @Override
  public AgentDesk desk() {
    return desk.desk();
  }

  synchronized <T> T locked(Supplier<T> call) {
    return call.get();
  }

  synchronized void locked(Runnable call) {
    call.run();
  }

  FreshchatAccount account() {
    return account;
  }

  FreshchatUsers users() {
    return users;
  }

  FreshchatConversations conversationStore() {
    return conversations;
  }

  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  // ---- the account, for tests and the local stack ----

  /** The account's default API token. */
  public String token() {
    return FreshchatAccount.TOKEN;
  }

  /** Another API token of the same account. */
  public String newToken() {
    return account.newToken();
  }

  public String appId() {
    return FreshchatAccount.APP_ID;
  }

  /** The account's public key as the admin UI shows it (PEM), to check webhook signatures with. */
  public String publicKeyPem() {
    return account.publicKeyPem();
  }

  public PublicKey publicKey() {
    return account.keys().getPublic();
  }

  /** The {@code X-Freshchat-Signature} the account gives this body (for tests posting a webhook by hand). */
  public String signature(String body) {
    return FreshchatWebhooks.signature(account.keys().getPrivate(),
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The admin UI's webhook URL (an http(s) URL; null: none, nothing is sent). */
  public void webhookUrl(String url) {
    account.webhookUrl(url);
  }

  public String webhookUrl() {
    return account.webhookUrl();
  }

  /** The shape of the {@code message_create} events sent from now on. */
  public void payloadVariant(PayloadVariant variant) {
    account.payloadVariant(variant);
  }

  public PayloadVariant payloadVariant() {
    return account.payloadVariant();
  }

  /** The {@code Support} channel's id (enabled); {@link #channelId(String)} for the others. */
  public String channelId() {
    return FreshchatAccount.SUPPORT_CHANNEL_ID;
  }

  /** A channel's id by name ({@code Support}, {@code Sales}, {@code Archived} (disabled)). */
  public String channelId(String name) {
    return locked(() -> account.channels().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no channel " + name)).id());
  }

  /** A group's id by name ({@code Support}, {@code Billing}). */
  public String group(String name) {
    return locked(() -> account.groupNamed(name).orElseThrow(() -> new IllegalArgumentException("no group " + name))
        .id());
  }

  /** A new agent ("First Last"): its id. */
  public String addAgent(String name) {
    return locked(() -> account.addAgent(name).id());
  }

  /** The id of the agent named (first name, full name, email or id). */
  public Optional<String> agentId(String name) {
    return locked(() -> account.agentNamed(name).map(FreshchatAccount.Agent::id));
  }

  // ---- conversations and webhooks ----

  public Optional<Conversation> conversation(String id) {
    return locked(() -> conversations.find(id).map(FreshchatSimulator::view));
  }

  /** Every conversation, oldest first. */
  public List<Conversation> conversations() {
    return locked(() -> conversations.all().stream().map(FreshchatSimulator::view).toList());
  }

  /** The user's reference id, email and name, by user id. */
  public Optional<Map<String, Object>> user(String id) {
    return locked(() -> users.find(id).map(FreshchatUserApi::view));
  }

  /** The conversation's agent writes a private note ({@code message_type:"private"}). */
  public FreshchatMessage privateNote(String conversationId, String text) {
    return desk.note(conversationId, text);
  }

  /** The conversation's (first) user writes from the widget: a {@code message_create} with actor user. */
  public FreshchatMessage userWrites(String conversationId, String text) {
    return locked(() -> {
      FreshchatConversations.Conversation c = conversations.get(conversationId);
      return conversations.post(c, new MessageInput(FreshchatMessage.USER, c.userIds.get(0),
          FreshchatMessage.NORMAL, List.of(Map.of("text", Map.of("content", text)))));
    });
  }

  /** Every webhook POST so far, in order: its body, headers and the answer's status (0: none). */
  public List<WebhookSender.Delivery> deliveries() {
    return webhooks.deliveries();
  }

  /** The waits before each webhook retry (at most {@value FreshchatSettings#MAX_RETRIES}). */
  public void retryWaits(List<Duration> waits) {
    webhooks.retryWaits(waits);
  }

  /** The account's rate limit: {@code requests} per {@code window} (a bucket refilled evenly over the window). */
  public void rateLimit(int requests, Duration window) {
    if (requests < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a rate limit needs a positive count and window");
    }
    rateLimiter = new RateLimiter(requests * 1000.0 / window.toMillis(), requests);
  }

  /** Turns the rate limit off (or on again), for tests about something else. */
  public void rateLimit(boolean on) {
    rateLimiter.enabled(on);
  }

  private static Conversation view(FreshchatConversations.Conversation c) {
    return new Conversation(c.id, c.channelId, c.userIds, c.status, c.agentId, c.groupId, Map.copyOf(c.properties),
        List.copyOf(c.messages), c.createdTime);
  }

  @Override
  public void close() {
    webhooks.close();
  }
}
