package io.baton.sandbox.dixa;

import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The conversations (per organization) and their messages, queues and tags, each change sent on as its webhook
 * event. Guarded by the simulator's monitor: every method is called with it held.
 */
final class DixaConversations {
  private final DixaDirectory directory;
  private final DixaWebhookEvents events;
  private final Map<Long, Conv> conversations = new LinkedHashMap<>();
  // Ids differ between sandbox runs, as they would between Dixa organizations: a stale link never matches.
  private final AtomicLong nextConversationId = new AtomicLong((System.currentTimeMillis() % 1_000_000) * 1000);

  static final class Conv {
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
    final Set<String> messageExternalIds = new HashSet<>();
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

  DixaConversations(DixaDirectory directory, DixaWebhookEvents events) {
    this.directory = directory;
    this.events = events;
  }

  /** POST /conversations/import: the conversation with its history, as on the generic API messaging channel. */
  long importConversation(String org, String requesterId, String channel, String externalId,
      List<DixaConversation.Message> history) {
    directory.requireEndUser(org, requesterId);
    if (externalId != null && conversations.values().stream()
        .anyMatch(c -> c.org.equals(org) && externalId.equals(c.externalId))) {
      throw new DixaError(400, "Duplicate externalId");
    }
    Conv c = new Conv(nextConversationId.incrementAndGet(), org, requesterId, channel, externalId);
    c.messages.addAll(history);
    conversations.put(c.id, c);
    events.emit(c, "CONVERSATION_CREATED", Map.of());
    return c.id;
  }

  /** POST /conversations. */
  long createConversation(String org, String requesterId, String type, DixaConversation.Message first) {
    directory.requireEndUser(org, requesterId);
    if (!List.of("Chat", "ContactForm", "Email", "Callback", "Sms").contains(type)) {
      throw new DixaError(400, "Unsupported ConversationChannel");
    }
    Conv c = new Conv(nextConversationId.incrementAndGet(), org, requesterId, type.toLowerCase(), null);
    c.messages.add(first);
    conversations.put(c.id, c);
    events.emit(c, "CONVERSATION_CREATED", Map.of());
    return c.id;
  }

  /** The conversation of this organization (null: of any), else 404. */
  Conv conversation(String org, long id) {
    Conv c = conversations.get(id);
    if (c == null || (org != null && !c.org.equals(org))) {
      throw new DixaError(404, "Conversation " + id + " not found");
    }
    return c;
  }

  List<DixaConversation> conversations() {
    return conversations.values().stream().map(Conv::snapshot).toList();
  }

  Optional<DixaConversation> snapshot(long id) {
    return Optional.ofNullable(conversations.get(id)).map(Conv::snapshot);
  }

  List<DixaConversation> conversationsOf(String org, String requesterId) {
    return conversations.values().stream().filter(c -> c.org.equals(org) && c.requesterId.equals(requesterId))
        .map(Conv::snapshot).toList();
  }

  /** A message with an {@code externalId} is taken once: the same id again is "Duplicate externalId". */
  DixaConversation.Message addMessage(String org, long id, String direction, String authorId, String text,
      List<String> attachments, String externalId) {
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
        ? Map.of("id", c.requesterId, "name", directory.nameOf(c.requesterId), "roles", List.of(), "user_type",
            "Contact")
        : directory.agentAuthor(m.authorId());
    events.emit(c, "CONVERSATION_MESSAGE_ADDED", messageData(c, m, author));
    return m;
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

  void transferToQueue(String org, long id, String queueId) {
    Conv c = conversation(org, id);
    if (!directory.hasQueue(queueId)) {
      throw new DixaError(404, "Queue " + queueId + " not found");
    }
    c.queueId = queueId;
    c.status = "pending";
    events.emit(c, "CONVERSATION_ENQUEUED", Map.of());
  }

  void tag(String org, long id, String tagId) {
    Conv c = conversation(org, id);
    String name = directory.tagName(tagId);
    if (!c.tags.contains(name)) {
      c.tags.add(name);
      events.emit(c, "CONVERSATION_TAG_ADDED", Map.of("tag", name));
    }
  }

  void untag(String org, long id, String tagId) {
    Conv c = conversation(org, id);
    String name = directory.tagNameOrNull(tagId);
    if (name != null) {
      c.tags.remove(name);
    }
  }

  /** POST /conversations/{id}/tags/bulk: tags by name, creating the missing ones. */
  void tagByNames(String org, long id, List<String> names) {
    conversation(org, id);
    for (String name : names) {
      tag(org, id, directory.tagIdOf(name));
    }
  }

  void close(String org, long id) {
    Conv c = conversation(org, id);
    if (!c.status.equals("closed")) {
      c.status = "closed";
      events.emit(c, "CONVERSATION_CLOSED", Map.of());
    }
  }

  // ---- the agent's side ----

  /** An agent claims the conversation (ConversationAssigned). */
  void assign(long id, String agentName) {
    Conv c = conversation(null, id);
    String agentId = directory.agentId(agentName);
    c.assignee = agentName;
    c.status = "open";
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("assignee", directory.agentAuthor(agentId));
    events.emit(c, "CONVERSATION_ASSIGNED", data);
  }

  /** The assigned agent replies (an outbound message by a Member). */
  DixaConversation.Message reply(long id, String text) {
    Conv c = assigned(id);
    return addMessage(c.org, id, "outbound", directory.knownAgentId(c.assignee), text, List.of(), null);
  }

  void typing(long id) {
    Conv c = assigned(id);
    events.emit(c, "TYPING_STARTED", Map.of("user", directory.agentAuthor(directory.knownAgentId(c.assignee))));
  }

  /** ConversationUnassigned: nobody has it; it waits for another agent, {@code pending} in its queue if it has one. */
  void unassign(long id) {
    Conv c = assigned(id);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("assignee", directory.agentAuthor(directory.knownAgentId(c.assignee)));
    c.assignee = null;
    c.waitingSince = Instant.now();
    if (c.queueId != null) {
      c.status = "pending";
    }
    events.emit(c, "CONVERSATION_UNASSIGNED", data);
  }

  /** The end user left before an agent answered (ConversationAbandoned). */
  void abandon(long id) {
    Conv c = conversation(null, id);
    c.status = "abandoned";
    events.emit(c, "CONVERSATION_ABANDONED", Map.of());
  }

  /** The conversation, else 404; 400 when no agent has it. */
  private Conv assigned(long id) {
    Conv c = conversation(null, id);
    if (c.assignee == null) {
      throw new DixaError(400, "Conversation " + id + " is not assigned");
    }
    return c;
  }

  /** Every conversation as the agent desk shows it, oldest first. */
  List<DeskChat> deskChats() {
    return conversations.values().stream().map(this::toDeskChat).toList();
  }

  Optional<DeskChat> deskChat(String id) {
    try {
      return Optional.ofNullable(conversations.get(Long.parseLong(id))).map(this::toDeskChat);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The requester, tags, queue and externalId as context; imported outbound history by no agent is the bot's. */
  private DeskChat toDeskChat(Conv c) {
    Map<String, Object> requester = directory.endUser(c.requesterId);
    Map<String, String> context = new LinkedHashMap<>();
    for (String[] field : new String[][] {{"displayName", "Name"}, {"email", "Email"}, {"phoneNumber", "Phone"}}) {
      if (requester.get(field[0]) != null) {
        context.put(field[1], requester.get(field[0]).toString());
      }
    }
    context.put("Channel", c.channel);
    if (c.queueId != null) {
      context.put("Queue", directory.queueLabel(c.queueId));
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
        ? DeskLine.VISITOR : directory.isAgent(m.authorId()) ? DeskLine.AGENT : DeskLine.BOT, m.text(),
        m.createdAt())).toList();
    return new DeskChat(DixaSimulator.NAME, Long.toString(c.id), status,
        status == DeskStatus.QUEUED ? c.waitingSince : null, c.assignee, visitor, context, transcript);
  }
}
