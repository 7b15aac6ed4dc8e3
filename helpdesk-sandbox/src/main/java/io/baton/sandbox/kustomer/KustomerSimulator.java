package io.baton.sandbox.kustomer;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.WebhookSender;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Kustomer under {@code /kustomer} ({@link KustomerApi}): one sandbox org ({@link KustomerOrg}: API keys, users,
 * queues), its customers, chat conversations ({@link KustomerConversations}), outbound webhooks
 * ({@link KustomerWebhooks}, delivered by {@link KustomerDeliveries}), the org's and the customers' rate limits
 * ({@link KustomerRateLimits}), and the agents on the desk ({@link KustomerDesk}).
 *
 * <p>All state sits behind this simulator's monitor: the parts are only called through {@link #locked}.
 */
public final class KustomerSimulator extends SimulatorSupport {
  /** The org's default API key (as {@link #apiKey()}), for clients of a sandbox in another process. */
  public static final String API_KEY = KustomerOrg.API_KEY;
  /** Its URL segment and console label. */
  public static final String NAME = "kustomer";

  /** A customer as a test reads it. */
  public record Customer(String id, String name, List<String> emails, List<String> tags, String externalId) {}

  /** A conversation (= chat session) as a test reads it; messages in date order. */
  public record Conversation(String id, String customerId, String externalId, String status, String queueId,
      List<String> tags, List<String> assignedUsers, List<KustomerMessage> messages) {}

  /** An outbound webhook as a test reads it (its token too, which the API shows only once). */
  public record Webhook(String id, String name, String url, List<String> events, boolean enabled, String token) {}

  private final KustomerSettings settings;
  private final KustomerOrg org = new KustomerOrg();
  private final KustomerCustomers customers = new KustomerCustomers();
  private final KustomerWebhooks webhooks;
  private final KustomerConversations conversations;
  private final KustomerRateLimits rateLimits;
  private final KustomerDesk desk;

  public KustomerSimulator() {
    this(KustomerSettings.defaults());
  }

  public KustomerSimulator(KustomerSettings settings) {
    super(NAME);
    this.settings = settings;
    this.webhooks = new KustomerWebhooks(settings);
    this.conversations = new KustomerConversations(org, webhooks);
    this.rateLimits = new KustomerRateLimits(settings.perMinute(), settings.customerMessagesPerMinute());
    this.desk = new KustomerDesk(this);
  }

  @Override
  protected void registerApi(Javalin app) {
    KustomerApi.register(app, this);
    KustomerSandboxRoutes.register(app, this);
  }

  @Override
  public AgentDesk desk() {
    return desk.desk();
  }

  public KustomerSettings settings() {
    return settings;
  }

  synchronized <T> T locked(Supplier<T> call) {
    return call.get();
  }

  synchronized void locked(Runnable call) {
    call.run();
  }

  KustomerOrg org() {
    return org;
  }

  KustomerCustomers customers() {
    return customers;
  }

  KustomerConversations conversations() {
    return conversations;
  }

  KustomerWebhooks webhooks() {
    return webhooks;
  }

  KustomerRateLimits rateLimits() {
    return rateLimits;
  }

  KustomerDesk agents() {
    return desk;
  }

  // ---- for tests and the local stack ----

  /** The org's default API key (its user is "Baton API", {@link #apiUserId()}). */
  public String apiKey() {
    return KustomerOrg.API_KEY;
  }

  /** The user the default API key acts as. */
  public String apiUserId() {
    return locked(() -> org.apiUser().id());
  }

  /** A new API key of its own new org user (e.g. a second connection). */
  public String newApiKey(String userName) {
    return locked(() -> org.newApiKey(userName));
  }

  /** The user a key acts as, or empty for a key the org does not have. */
  public Optional<String> userOfKey(String apiKey) {
    return locked(() -> org.userOfKey(apiKey).map(KustomerOrg.User::id));
  }

  /** An agent of that display name (the existing one, or a new one): its user id. */
  public String addAgent(String displayName) {
    return locked(() -> org.agentNamed(displayName).id());
  }

  /** The id of the queue of that name, created when the org has none. */
  public String queue(String name) {
    return locked(() -> org.queueNamed(name).orElseGet(() -> org.addQueue(name)).id());
  }

  public String defaultQueueId() {
    return locked(() -> org.defaultQueue().id());
  }

  public Optional<Customer> customerByEmail(String email) {
    return locked(() -> customers.byEmail(email).map(KustomerSimulator::view));
  }

  public Optional<Customer> customer(String id) {
    return locked(() -> customers.find(id).map(KustomerSimulator::view));
  }

  public Optional<Conversation> conversation(String id) {
    return locked(() -> conversations.find(id).map(KustomerSimulator::view));
  }

  /** A customer's conversations, newest first. */
  public List<Conversation> conversationsOf(String customerId) {
    return locked(() -> conversations.ofCustomer(customerId).stream().map(KustomerSimulator::view).toList());
  }

  /** Every conversation, oldest first. */
  public List<Conversation> allConversations() {
    return locked(() -> conversations.all().stream().map(KustomerSimulator::view).toList());
  }

  /** The conversation with this {@code externalId} (Baton's conversation id), newest first if several. */
  public Optional<Conversation> conversationByExternalId(String externalId) {
    return allConversations().stream().filter(c -> externalId.equals(c.externalId())).reduce((a, b) -> b);
  }

  /** The agent who has the conversation sends files (and optional text), as the desk's attach. */
  public void agentSends(String conversationId, String text, List<KustomerMessage.Attachment> files) {
    desk.attach(conversationId, text, files);
  }

  /** An automated (AI/bot) outbound message by the API user: {@code auto:true}, which the connector skips. */
  public KustomerMessage automationSays(String conversationId, String text) {
    return locked(() -> conversations.fromUser(conversations.get(conversationId), org.apiUser().id(), text,
        List.of(), true));
  }

  public List<Webhook> webhookRegistrations() {
    return locked(() -> webhooks.all().stream().map(w -> new Webhook(w.id, w.name, w.url, w.events, w.enabled,
        w.token)).toList());
  }

  /** Every webhook POST made so far (retries and duplicates included), in order. */
  public List<WebhookSender.Delivery> deliveries() {
    return webhooks.deliveries().log();
  }

  /** The next {@code tries} webhook POSTs get no answer, as if the receiver were down. */
  public void makeWebhooksUnreachable(int tries) {
    webhooks.deliveries().makeUnreachable(tries);
  }

  /**
   * Null: webhook events go out in order, once (the default); else the events of each such window go out shuffled
   * and each twice, as Kustomer's at-least-once, unordered delivery allows.
   */
  public void scrambleDeliveries(java.time.Duration window) {
    webhooks.deliveries().scramble(window);
  }

  /** The org's plan (its requests a minute: professional 300, business 500, enterprise 1000, ultimate 2000). */
  public void plan(String plan) {
    rateLimits.perMinute(settings.withPlan(plan).perMinute());
  }

  /** A custom org limit per 60-second window (tests: a small one). */
  public void perMinute(int limit) {
    rateLimits.perMinute(limit);
  }

  /** Turns both rate limits off (or on again), for tests about something else. */
  public void rateLimit(boolean on) {
    rateLimits.enabled(on);
  }

  private static Customer view(KustomerCustomers.Customer c) {
    return new Customer(c.id, c.name, c.emails.stream().map(KustomerCustomers.Email::email).toList(), c.tags,
        c.externalId);
  }

  private static Conversation view(KustomerConversation c) {
    return new Conversation(c.id, c.customerId, c.externalId, c.status, c.queueId, List.copyOf(c.tags),
        c.assignedUsers, List.copyOf(c.messages));
  }

  /** When the conversation began waiting for an agent, or null. */
  public Instant waitingSince(String conversationId) {
    return locked(() -> conversations.get(conversationId).waitingSince);
  }

  @Override
  public void close() {
    webhooks.close();
  }
}
