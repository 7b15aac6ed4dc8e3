package io.baton.sandbox.dixa;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.kit.RateLimiter;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.WebhookSender;
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dixa's API v1 as the connector sees it, plus the agent's side: API tokens (each its own organization and its own
 * rate limit of 10 requests/s, burst 4), end users, conversations (import and create), queues, tags, messages, and
 * webhook subscriptions whose events are POSTed signed ({@code X-DIXA-SIGNATURE: t=<ts>,v1=<hex>}, HMAC-SHA256 over
 * {@code "<t>.<body>"} with the hex-decoded secret key), one at a time per subscription, a failed delivery retried
 * with backoff before the next, so the receiver sees them in order.
 */
public final class DixaSimulator extends SimulatorSupport {
  /** Its URL segment and console label. */
  public static final String NAME = "dixa";
  private static final Logger log = LoggerFactory.getLogger(DixaSimulator.class);
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
  private final WebhookSender webhooks;
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
  private final Map<String, Map<String, Object>> endUsers = new LinkedHashMap<>();
  private final Map<Long, Conv> conversations = new LinkedHashMap<>();
  private final Map<String, String> queues = new LinkedHashMap<>(); // id -> name
  private final Map<String, String> tags = new LinkedHashMap<>(); // name -> id
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final Map<String, String> agents = new LinkedHashMap<>(); // name -> id
  // Ids differ between sandbox runs, as they would between Dixa organizations: a stale link never matches.
  private final AtomicLong nextConversationId = new AtomicLong((System.currentTimeMillis() % 1_000_000) * 1000);

  private static final class Conv {
    final long id;
    final String org;
    final String requesterId;
    final String channel;
    final String externalId;
    String status = "open";
    String queueId;
    String assignee;
    final List<String> tags = new ArrayList<>();
    final List<DixaConversation.Message> messages = new ArrayList<>();
    final java.util.Set<String> messageExternalIds = new java.util.HashSet<>();
    final Instant createdAt = Instant.now();
    /** Since when it waits for an agent (creation, or the last unassignment). */
    Instant waitingSince = createdAt;

    Conv(long id, String org, String requesterId, String channel, String externalId) {
      this.id = id;
      this.org = org;
      this.requesterId = requesterId;
      this.channel = channel;
      this.externalId = externalId;
    }

    DixaConversation snapshot() {
      return new DixaConversation(id, requesterId, channel, externalId, status, queueId, assignee,
          List.copyOf(tags), List.copyOf(messages), createdAt);
    }
  }

  private static final class Subscription {
    final String id;
    final String org;
    final String name;
    final String url;
    final List<String> events;
    final String secretKey;

    Subscription(String id, String org, String name, String url, List<String> events, String secretKey) {
      this.id = id;
      this.org = org;
      this.name = name;
      this.url = url;
      this.events = events;
      this.secretKey = secretKey;
    }

    WebhookSender.Subscription target() {
      return new WebhookSender.Subscription(id, url, secretKey);
    }

    Map<String, Object> view() {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", id);
      v.put("name", name);
      v.put("url", url);
      v.put("events", events);
      v.put("secretKey", secretKey);
      v.put("enabled", true);
      v.put("authorization", Map.of("_type", "NoAuth"));
      return v;
    }
  }

  public DixaSimulator() {
    this(Duration.ofMillis(200));
  }

  /** @param retryBase the first webhook retry's wait; it doubles per retry, 6 tries in all */
  public DixaSimulator(Duration retryBase) {
    super(NAME);
    this.webhooks = new WebhookSender(NAME, WebhookSender.RetrySchedule.doubling(WEBHOOK_TRIES, retryBase),
        (subscription, body, at) -> Map.of(
            "X-DIXA-SIGNATURE", signature(subscription.secret(), at.getEpochSecond(),
                new String(body, StandardCharsets.UTF_8)),
            "X-DIXA-SUBSCRIPTION-ID", subscription.id()));
    tokens.put(DEFAULT_TOKEN, "org-sandbox");
    queues.put(DEFAULT_QUEUE, "Support");
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

  // ---- end users ----

  synchronized Map<String, Object> createEndUser(String org, Map<String, Object> fields) {
    Object externalId = fields.get("externalId");
    if (externalId != null && endUsers.values().stream().anyMatch(u -> org.equals(u.get("_org"))
        && externalId.equals(u.get("externalId")))) {
      throw new DixaError(400, "Duplicate externalId");
    }
    Map<String, Object> user = new LinkedHashMap<>(fields);
    user.put("id", UUID.randomUUID().toString());
    user.put("createdAt", Instant.now().toString());
    user.put("_org", org);
    endUsers.put((String) user.get("id"), user);
    return publicView(user);
  }

  synchronized List<Map<String, Object>> findEndUsers(String org, String field, String value) {
    return endUsers.values().stream().filter(u -> org.equals(u.get("_org")) && value.equals(u.get(field)))
        .map(DixaSimulator::publicView).toList();
  }

  /** Every end user of every organization (tests). */
  public synchronized List<Map<String, Object>> endUsers() {
    return endUsers.values().stream().map(DixaSimulator::publicView).toList();
  }

  private static Map<String, Object> publicView(Map<String, Object> user) {
    Map<String, Object> v = new LinkedHashMap<>(user);
    v.remove("_org");
    return v;
  }

  private void requireEndUser(String org, String id) {
    Map<String, Object> user = endUsers.get(id);
    if (user == null || !org.equals(user.get("_org"))) {
      throw new DixaError(400, "Invalid value for: body (unknown requesterId " + id + ")");
    }
  }

  // ---- conversations ----

  /** POST /conversations/import: the conversation with its history, as on the generic API messaging channel. */
  synchronized long importConversation(String org, String requesterId, String channel, String externalId,
      List<DixaConversation.Message> history) {
    requireEndUser(org, requesterId);
    if (externalId != null && conversations.values().stream()
        .anyMatch(c -> c.org.equals(org) && externalId.equals(c.externalId))) {
      throw new DixaError(400, "Duplicate externalId");
    }
    Conv c = new Conv(nextConversationId.incrementAndGet(), org, requesterId, channel, externalId);
    c.messages.addAll(history);
    conversations.put(c.id, c);
    emit(c, "CONVERSATION_CREATED", Map.of());
    return c.id;
  }

  /** POST /conversations. */
  synchronized long createConversation(String org, String requesterId, String type, DixaConversation.Message first) {
    requireEndUser(org, requesterId);
    if (!List.of("Chat", "ContactForm", "Email", "Callback", "Sms").contains(type)) {
      throw new DixaError(400, "Unsupported ConversationChannel");
    }
    Conv c = new Conv(nextConversationId.incrementAndGet(), org, requesterId, type.toLowerCase(), null);
    c.messages.add(first);
    conversations.put(c.id, c);
    emit(c, "CONVERSATION_CREATED", Map.of());
    return c.id;
  }

  private Conv conversation(String org, long id) {
    Conv c = conversations.get(id);
    if (c == null || (org != null && !c.org.equals(org))) {
      throw new DixaError(404, "Conversation " + id + " not found");
    }
    return c;
  }

  synchronized List<DixaConversation> conversationsOf(String org, String requesterId) {
    return conversations.values().stream().filter(c -> c.org.equals(org) && c.requesterId.equals(requesterId))
        .map(Conv::snapshot).toList();
  }

  synchronized DixaConversation.Message addMessage(String org, long id, String direction, String authorId,
      String text, List<String> attachments) {
    return addMessage(org, id, direction, authorId, text, attachments, null);
  }

  /** A message with an {@code externalId} is taken once: the same id again is "Duplicate externalId". */
  synchronized DixaConversation.Message addMessage(String org, long id, String direction, String authorId,
      String text, List<String> attachments, String externalId) {
    Conv c = conversation(org, id);
    if (externalId != null && !c.messageExternalIds.add(externalId)) {
      throw new DixaError(400, "Duplicate externalId");
    }
    if (c.status.equals("closed") || c.status.equals("abandoned")) {
      throw new DixaError(400, "Conversation " + id + " is " + c.status);
    }
    DixaConversation.Message m = new DixaConversation.Message(UUID.randomUUID().toString(), direction,
        authorId == null ? c.requesterId : authorId, text, List.copyOf(attachments), Instant.now());
    c.messages.add(m);
    Map<String, Object> author = direction.equals("inbound")
        ? Map.of("id", c.requesterId, "name", nameOf(c.requesterId), "roles", List.of(), "user_type", "Contact")
        : agentAuthor(m.authorId());
    emit(c, "CONVERSATION_MESSAGE_ADDED", messageData(c, m, author));
    return m;
  }

  private Map<String, Object> agentAuthor(String agentId) {
    String name = agents.entrySet().stream().filter(e -> e.getValue().equals(agentId)).map(Map.Entry::getKey)
        .findFirst().orElse("Agent");
    return Map.of("id", agentId, "name", name, "email", name.toLowerCase().replace(' ', '.') + "@example.com",
        "roles", List.of("Agent"), "user_type", "Member");
  }

  private String nameOf(String endUserId) {
    Map<String, Object> u = endUsers.get(endUserId);
    Object name = u == null ? null : u.get("displayName");
    return name == null ? "" : name.toString();
  }

  private static Map<String, Object> messageData(Conv c, DixaConversation.Message m, Map<String, Object> author) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("message_id", m.messageId());
    data.put("text", m.text());
    data.put("created_at", m.createdAt().toString());
    data.put("direction", m.direction());
    data.put("channel", c.channel);
    data.put("author", author);
    data.put("content", Map.of("text", m.text(), "content_type", "text/plain"));
    data.put("attachments", m.attachmentUrls().stream().map(u -> Map.of("url", u)).toList());
    return data;
  }

  synchronized void transferToQueue(String org, long id, String queueId) {
    Conv c = conversation(org, id);
    if (!queues.containsKey(queueId)) {
      throw new DixaError(404, "Queue " + queueId + " not found");
    }
    c.queueId = queueId;
    c.status = "pending";
    emit(c, "CONVERSATION_ENQUEUED", Map.of());
  }

  synchronized void tag(String org, long id, String tagId) {
    Conv c = conversation(org, id);
    String name = tags.entrySet().stream().filter(e -> e.getValue().equals(tagId)).map(Map.Entry::getKey)
        .findFirst().orElseThrow(() -> new DixaError(404, "Tag " + tagId + " not found"));
    if (!c.tags.contains(name)) {
      c.tags.add(name);
      emit(c, "CONVERSATION_TAG_ADDED", Map.of("tag", name));
    }
  }

  synchronized void untag(String org, long id, String tagId) {
    Conv c = conversation(org, id);
    tags.entrySet().stream().filter(e -> e.getValue().equals(tagId)).findFirst()
        .ifPresent(e -> c.tags.remove(e.getKey()));
  }

  /** POST /conversations/{id}/tags/bulk: tags by name, creating the missing ones. */
  synchronized void tagByNames(String org, long id, List<String> names) {
    conversation(org, id);
    for (String name : names) {
      tag(org, id, tags.computeIfAbsent(name, n -> UUID.randomUUID().toString()));
    }
  }

  synchronized Map<String, Object> createTag(String name) {
    if (tags.containsKey(name)) {
      throw new DixaError(400, "Tag " + name + " already exists");
    }
    String id = UUID.randomUUID().toString();
    tags.put(name, id);
    return Map.of("id", id, "name", name, "state", "Active");
  }

  synchronized List<Map<String, Object>> tagList() {
    return tags.entrySet().stream().map(e -> (Map<String, Object>) new LinkedHashMap<String, Object>(
        Map.of("id", e.getValue(), "name", e.getKey(), "state", "Active"))).toList();
  }

  synchronized List<Map<String, Object>> queueList() {
    return queues.entrySet().stream().map(e -> (Map<String, Object>) new LinkedHashMap<String, Object>(
        Map.of("id", e.getKey(), "name", e.getValue()))).toList();
  }

  public synchronized void addQueue(String id, String name) {
    queues.put(id, name);
  }

  synchronized void close(String org, long id) {
    Conv c = conversation(org, id);
    if (!c.status.equals("closed")) {
      c.status = "closed";
      emit(c, "CONVERSATION_CLOSED", Map.of());
    }
  }

  // ---- the agent's side ----

  /** Every conversation, oldest first. */
  public synchronized List<DixaConversation> conversations() {
    return conversations.values().stream().map(Conv::snapshot).toList();
  }

  public synchronized Optional<DixaConversation> conversation(long id) {
    return Optional.ofNullable(conversations.get(id)).map(Conv::snapshot);
  }

  /** An agent claims the conversation (ConversationAssigned). */
  public synchronized void assign(long id, String agentName) {
    Conv c = conversation(null, id);
    String agentId = agents.computeIfAbsent(agentName, n -> UUID.randomUUID().toString());
    c.assignee = agentName;
    c.status = "open";
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("assignee", agentAuthor(agentId));
    emit(c, "CONVERSATION_ASSIGNED", data);
  }

  /** The assigned agent replies (an outbound message by a Member). */
  public synchronized DixaConversation.Message reply(long id, String text) {
    Conv c = conversation(null, id);
    if (c.assignee == null) {
      throw new DixaError(400, "Conversation " + id + " is not assigned");
    }
    return addMessage(c.org, id, "outbound", agents.get(c.assignee), text, List.of());
  }

  public synchronized void typing(long id) {
    Conv c = conversation(null, id);
    if (c.assignee == null) {
      throw new DixaError(400, "Conversation " + id + " is not assigned");
    }
    emit(c, "TYPING_STARTED", Map.of("user", agentAuthor(agents.get(c.assignee))));
  }

  /**
   * The agent lets go of the conversation (ConversationUnassigned): nobody has it, and it waits for another agent,
   * {@code pending} in its queue when it has one.
   */
  public synchronized void unassign(long id) {
    Conv c = conversation(null, id);
    if (c.assignee == null) {
      throw new DixaError(400, "Conversation " + id + " is not assigned");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("assignee", agentAuthor(agents.get(c.assignee)));
    c.assignee = null;
    c.waitingSince = Instant.now();
    if (c.queueId != null) {
      c.status = "pending";
    }
    emit(c, "CONVERSATION_UNASSIGNED", data);
  }

  /** Every conversation as the agent desk shows it, oldest first. */
  synchronized List<DeskChat> deskChats() {
    return conversations.values().stream().map(this::toDeskChat).toList();
  }

  synchronized Optional<DeskChat> deskChat(String id) {
    try {
      return Optional.ofNullable(conversations.get(Long.parseLong(id))).map(this::toDeskChat);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A desk action on a conversation in status {@code required} (null: any but ENDED), else 409. */
  private void deskAct(String id, DeskStatus required, java.util.function.LongConsumer action) {
    DeskStatus status = desk.require(id).status();
    if (required == null ? status == DeskStatus.ENDED : status != required) {
      throw new DeskException(409, "Conversation " + id + " is " + status
          + (required == null ? "" : ", not " + required));
    }
    action.accept(Long.parseLong(id));
  }

  /** The requester, tags, queue and externalId as context; imported outbound history by no agent is the bot's. */
  private DeskChat toDeskChat(Conv c) {
    Map<String, Object> requester = endUsers.getOrDefault(c.requesterId, Map.of());
    Map<String, String> context = new LinkedHashMap<>();
    for (String[] field : new String[][] {{"displayName", "Name"}, {"email", "Email"}, {"phoneNumber", "Phone"}}) {
      if (requester.get(field[0]) != null) {
        context.put(field[1], requester.get(field[0]).toString());
      }
    }
    context.put("Channel", c.channel);
    if (c.queueId != null) {
      context.put("Queue", queues.getOrDefault(c.queueId, c.queueId));
    }
    if (!c.tags.isEmpty()) {
      context.put("Tags", String.join(", ", c.tags));
    }
    if (c.externalId != null) {
      context.put("External id", c.externalId);
    }
    DeskStatus status = c.status.equals("closed") || c.status.equals("abandoned") ? DeskStatus.ENDED
        : c.assignee != null ? DeskStatus.ACTIVE : DeskStatus.QUEUED;
    String visitor = context.getOrDefault("Name", context.getOrDefault("Email", context.get("Phone")));
    List<DeskLine> transcript = c.messages.stream().map(m -> new DeskLine(m.direction().equals("inbound")
        ? DeskLine.VISITOR : agents.containsValue(m.authorId()) ? DeskLine.AGENT : DeskLine.BOT, m.text(),
        m.createdAt())).toList();
    return new DeskChat(NAME, Long.toString(c.id), status, status == DeskStatus.QUEUED ? c.waitingSince : null,
        c.assignee, visitor, context, transcript);
  }

  public synchronized void closeByAgent(long id) {
    close(null, id);
  }

  /** The end user left before an agent answered (ConversationAbandoned). */
  public synchronized void abandon(long id) {
    Conv c = conversation(null, id);
    c.status = "abandoned";
    emit(c, "CONVERSATION_ABANDONED", Map.of());
  }

  // ---- webhooks ----

  synchronized Map<String, Object> subscribe(String org, String name, String url, List<String> events) {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new DixaError(400, "Invalid value for: body (url)");
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Subscription s = new Subscription(UUID.randomUUID().toString(), org, name, url, List.copyOf(events),
        HexFormat.of().formatHex(secret));
    subscriptions.put(s.id, s);
    return s.view();
  }

  synchronized List<Map<String, Object>> subscriptionsOf(String org) {
    return subscriptions.values().stream().filter(s -> s.org.equals(org)).map(Subscription::view).toList();
  }

  synchronized void unsubscribe(String org, String id) {
    Subscription s = subscriptions.get(id);
    if (s == null || !s.org.equals(org)) {
      throw new DixaError(404, "Webhook subscription " + id + " not found");
    }
    subscriptions.remove(id);
    webhooks.remove(id);
  }

  /** Every webhook POST made so far, in order, with its answer's status (0: no answer). */
  public List<Delivery> deliveries() {
    return webhooks.deliveries().stream().map(d -> new Delivery(d.subscriptionId(), d.eventId(), d.event(), d.body(),
        d.headers().get("X-DIXA-SIGNATURE"), d.status())).toList();
  }

  /** The {@code X-DIXA-SIGNATURE} header for a body, as Dixa computes it. */
  public static String signature(String secretKeyHex, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(HexFormat.of().parseHex(secretKeyHex), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void emit(Conv c, String eventFqn, Map<String, Object> extra) {
    Map<String, Object> conversation = new LinkedHashMap<>();
    conversation.put("csid", c.id);
    conversation.put("channel", c.channel);
    conversation.put("status", c.status);
    conversation.put("queue", c.queueId == null ? null : Map.of("id", c.queueId, "name", queues.get(c.queueId)));
    conversation.put("assignee", c.assignee == null ? null : agentAuthor(agents.get(c.assignee)));
    conversation.put("requester", Map.of("id", c.requesterId, "name", nameOf(c.requesterId)));
    conversation.put("tags", List.copyOf(c.tags));
    Map<String, Object> data = new LinkedHashMap<>(extra);
    data.put("conversation", conversation);
    for (Subscription s : subscriptions.values()) {
      if (!s.org.equals(c.org) || !s.events.contains(eventFqn)) {
        continue;
      }
      Map<String, Object> envelope = new LinkedHashMap<>();
      envelope.put("event_id", UUID.randomUUID().toString());
      envelope.put("event_fqn", eventFqn);
      envelope.put("event_version", "1");
      envelope.put("event_timestamp", Instant.now().toString());
      envelope.put("organization", Map.of("id", c.org, "name", c.org));
      envelope.put("data", data);
      String body;
      try {
        body = JSON.writeValueAsString(envelope);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      webhooks.send(s.target(), (String) envelope.get("event_id"), eventFqn, body);
    }
  }

  @Override
  public synchronized void close() {
    webhooks.close();
  }
}
