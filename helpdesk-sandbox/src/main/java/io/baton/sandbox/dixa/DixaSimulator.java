package io.baton.sandbox.dixa;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.kit.RateLimiter;
import io.baton.sandbox.kit.SimulatorSupport;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Dixa's API v1 as the connector sees it, plus the agent's side: API tokens (each its own organization and its own
 * rate limit of 10 requests/s, burst 4), end users, queues and tags ({@link DixaDirectory}), conversations (import
 * and create) and their messages ({@link DixaConversations}), and webhook subscriptions ({@link DixaWebhookEvents})
 * whose events are POSTed signed ({@code X-DIXA-SIGNATURE: t=<ts>,v1=<hex>}, HMAC-SHA256 over {@code "<t>.<body>"}
 * with the hex-decoded secret key), one at a time per subscription, a failed delivery retried with backoff before the
 * next, so the receiver sees them in order.
 *
 * <p>All state but the tokens sits behind this simulator's monitor: the parts are only called from its synchronized
 * methods.
 */
public final class DixaSimulator extends SimulatorSupport {
  /** Its URL segment and console label. */
  public static final String NAME = "dixa";
  /** The token the local stack and the tests use unless they add others. */
  public static final String DEFAULT_TOKEN = "dixa-sandbox-token";
  /** The queue of the seed payload, present from the start. */
  public static final String DEFAULT_QUEUE = "8d921a1c-8da5-4788-b787-21024c230787";
  static final ObjectMapper JSON = new ObjectMapper();

  /** One webhook POST as sent, for tests that replay or forge one. */
  public record Delivery(String subscriptionId, String eventId, String eventFqn, String body, String signature,
      int status) {}

  /** Dixa's rate limit per API token: 10 requests/s, burst 4. */
  static final int BURST = 4;
  static final double PER_SECOND = 10;
  /** Dixa's webhook retries: 6 tries, waits from 200 ms doubling. */
  static final int WEBHOOK_TRIES = 6;

  private final Map<String, String> tokens = new ConcurrentHashMap<>(); // token -> organization id
  private final RateLimiter rateLimiter = new RateLimiter(PER_SECOND, BURST);
  private final DixaDirectory directory = new DixaDirectory();
  private final DixaWebhookEvents events;
  private final DixaConversations conversations;
  /**
   * The agent's actions: assign (accept), an outbound Member message (say), typing (TYPING_STARTED; stopping sends
   * nothing), unassign (leave) and close (end). No transfer to another agent.
   */
  private final Desk desk = Desk.of(NAME, this::deskChats, this::deskChat)
      .accept((id, name) -> deskAct(id, DeskStatus.QUEUED, c -> assign(c, name)))
      .say((id, text) -> deskAct(id, DeskStatus.ACTIVE, c -> reply(c, text)))
      .typing((id, on) -> deskAct(id, DeskStatus.ACTIVE, c -> {
        if (on) {
          typing(c);
        }
      }))
      .leave(id -> deskAct(id, DeskStatus.ACTIVE, this::unassign))
      .end(id -> deskAct(id, null, this::closeByAgent))
      .refusals(e -> e instanceof DixaError d ? new DeskException(d.status(), d.getMessage()) : null).build();

  public DixaSimulator() {
    this(Duration.ofMillis(200));
  }

  /** @param retryBase the first webhook retry's wait; it doubles per retry, 6 tries in all */
  public DixaSimulator(Duration retryBase) {
    super(NAME);
    this.events = new DixaWebhookEvents(directory, WEBHOOK_TRIES, retryBase);
    this.conversations = new DixaConversations(directory, events);
    tokens.put(DEFAULT_TOKEN, "org-sandbox");
    directory.addQueue(DEFAULT_QUEUE, "Support");
  }

  /** The API under {@code /dixa/v1} (faults keyed by operation, see {@link #fail}) and the sandbox's abandon. */
  @Override
  protected void registerApi(Javalin app) {
    DixaApi.register(app, this);
  }

  @Override
  public AgentDesk desk() {
    return desk;
  }

  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  // ---- tokens and rate limit ----

  public void addToken(String token, String organization) {
    tokens.put(token, organization);
  }

  /** The organization of an {@code Authorization} header (raw key or "Bearer <key>"), else 401. */
  String organizationOf(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new DixaError(401, "Missing Authorization header");
    }
    String org = tokens.get(tokenOf(authorization));
    if (org == null) {
      throw new DixaError(401, "Invalid API token");
    }
    return org;
  }

  /** The API token of an {@code Authorization} header: the key the rate limit counts by. */
  static String tokenOf(String authorization) {
    return authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : authorization.trim();
  }

  /** How many requests were answered 429 so far. */
  public int rateLimitedCount() {
    return rateLimiter.refusedCount();
  }

  /** Turns the rate limit off (or on again), for tests about something else. */
  public void rateLimit(boolean on) {
    rateLimiter.enabled(on);
  }

  // ---- faults ----

  /**
   * The next {@code times} calls of an operation answer {@code status} ({@code "import"}, {@code "create"},
   * {@code "transfer"}, {@code "tag"}, {@code "message"}, {@code "close"}, {@code "endusers"}, {@code "webhooks"}).
   */
  public void fail(String operation, int status, int times) {
    faults().failNext(operation, status, null, times);
  }

  public void clearFaults() {
    faults().clear();
  }

  /**
   * The next {@code times} calls of an operation ({@code "import"}, {@code "message"}) are carried out but answered
   * 503, as when the answer is lost on the way: the client cannot tell, and tries again.
   */
  public void loseAnswers(String operation, int times) {
    faults().loseNext(operation, times);
  }

  // ---- the API's calls (DixaApi), each under the monitor ----

  synchronized Map<String, Object> createEndUser(String org, Map<String, Object> fields) {
    return directory.createEndUser(org, fields);
  }

  synchronized List<Map<String, Object>> findEndUsers(String org, String field, String value) {
    return directory.findEndUsers(org, field, value);
  }

  /** Every end user of every organization (tests). */
  public synchronized List<Map<String, Object>> endUsers() {
    return directory.endUsers();
  }

  /** POST /conversations/import: the conversation with its history, as on the generic API messaging channel. */
  synchronized long importConversation(String org, String requesterId, String channel, String externalId,
      List<DixaConversation.Message> history) {
    return conversations.importConversation(org, requesterId, channel, externalId, history);
  }

  /** POST /conversations. */
  synchronized long createConversation(String org, String requesterId, String type, DixaConversation.Message first) {
    return conversations.createConversation(org, requesterId, type, first);
  }

  synchronized List<DixaConversation> conversationsOf(String org, String requesterId) {
    return conversations.conversationsOf(org, requesterId);
  }

  synchronized DixaConversation.Message addMessage(String org, long id, String direction, String authorId,
      String text, List<String> attachments) {
    return addMessage(org, id, direction, authorId, text, attachments, null);
  }

  /** A message with an {@code externalId} is taken once: the same id again is "Duplicate externalId". */
  synchronized DixaConversation.Message addMessage(String org, long id, String direction, String authorId,
      String text, List<String> attachments, String externalId) {
    return conversations.addMessage(org, id, direction, authorId, text, attachments, externalId);
  }

  synchronized void transferToQueue(String org, long id, String queueId) {
    conversations.transferToQueue(org, id, queueId);
  }

  synchronized void tag(String org, long id, String tagId) {
    conversations.tag(org, id, tagId);
  }

  synchronized void untag(String org, long id, String tagId) {
    conversations.untag(org, id, tagId);
  }

  /** POST /conversations/{id}/tags/bulk: tags by name, creating the missing ones. */
  synchronized void tagByNames(String org, long id, List<String> names) {
    conversations.tagByNames(org, id, names);
  }

  synchronized Map<String, Object> createTag(String name) {
    return directory.createTag(name);
  }

  synchronized List<Map<String, Object>> tagList() {
    return directory.tagList();
  }

  synchronized List<Map<String, Object>> queueList() {
    return directory.queueList();
  }

  public synchronized void addQueue(String id, String name) {
    directory.addQueue(id, name);
  }

  synchronized void close(String org, long id) {
    conversations.close(org, id);
  }

  synchronized Map<String, Object> subscribe(String org, String name, String url, List<String> events) {
    return this.events.subscribe(org, name, url, events);
  }

  synchronized List<Map<String, Object>> subscriptionsOf(String org) {
    return events.subscriptionsOf(org);
  }

  synchronized void unsubscribe(String org, String id) {
    events.unsubscribe(org, id);
  }

  // ---- the agent's side ----

  /** Every conversation, oldest first. */
  public synchronized List<DixaConversation> conversations() {
    return conversations.conversations();
  }

  public synchronized Optional<DixaConversation> conversation(long id) {
    return conversations.snapshot(id);
  }

  /** An agent claims the conversation (ConversationAssigned). */
  public synchronized void assign(long id, String agentName) {
    conversations.assign(id, agentName);
  }

  /** The assigned agent replies (an outbound message by a Member). */
  public synchronized DixaConversation.Message reply(long id, String text) {
    return conversations.reply(id, text);
  }

  public synchronized void typing(long id) {
    conversations.typing(id);
  }

  /**
   * The agent lets go of the conversation (ConversationUnassigned): nobody has it, and it waits for another agent,
   * {@code pending} in its queue when it has one.
   */
  public synchronized void unassign(long id) {
    conversations.unassign(id);
  }

  public synchronized void closeByAgent(long id) {
    close(null, id);
  }

  /** The end user left before an agent answered (ConversationAbandoned). */
  public synchronized void abandon(long id) {
    conversations.abandon(id);
  }

  /** Every conversation as the agent desk shows it, oldest first. */
  synchronized List<DeskChat> deskChats() {
    return conversations.deskChats();
  }

  synchronized Optional<DeskChat> deskChat(String id) {
    return conversations.deskChat(id);
  }

  /** A desk action on a conversation in status {@code required} (null: any but ENDED), else 409. */
  private void deskAct(String id, DeskStatus required, LongConsumer action) {
    DeskStatus status = desk.require(id).status();
    if (required == null ? status == DeskStatus.ENDED : status != required) {
      throw new DeskException(409, "Conversation " + id + " is " + status
          + (required == null ? "" : ", not " + required));
    }
    action.accept(Long.parseLong(id));
  }

  // ---- webhooks ----

  /** Every webhook POST made so far, in order, with its answer's status (0: no answer). */
  public List<Delivery> deliveries() {
    return events.deliveries();
  }

  /** The {@code X-DIXA-SIGNATURE} header for a body, as Dixa computes it. */
  public static String signature(String secretKeyHex, long timestamp, String body) {
    return DixaWebhookEvents.signature(secretKeyHex, timestamp, body);
  }

  @Override
  public synchronized void close() {
    events.close();
  }
}
