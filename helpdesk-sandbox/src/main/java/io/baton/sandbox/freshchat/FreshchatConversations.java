package io.baton.sandbox.freshchat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The account's conversations and their messages. A conversation is created {@code new} (or {@code assigned} with an
 * agent) with its initial messages (the bot's transcript: stored, no webhooks [guess]); then messages are posted
 * ({@code message_create}) and {@code PUT} moves it: assigning an agent makes it {@code assigned}
 * ({@code conversation_assignment}), {@code resolved} ({@code conversation_resolution}), {@code reopened} only from
 * resolved ({@code conversation_reopen}), {@code new} takes the agent away. Every check comes before any change: a
 * refused call changes nothing. Guarded by the simulator's monitor.
 */
final class FreshchatConversations {
  static final String NEW = "new";
  static final String ASSIGNED = "assigned";
  static final String RESOLVED = "resolved";
  static final String REOPENED = "reopened";
  static final Set<String> STATUSES = Set.of(NEW, ASSIGNED, RESOLVED, REOPENED);

  /** Who did something: {@code actor_type} ({@code user}, {@code agent}, {@code system}) and {@code actor_id}. */
  record Actor(String type, String id) {
    /** A change made through the API [guess: the system, with the app id]. */
    static final Actor API = new Actor("system", FreshchatAccount.APP_ID);

    static Actor agent(String id) {
      return new Actor(FreshchatMessage.AGENT, id);
    }
  }

  /** What happened, for the webhooks. */
  interface Events {
    void messageCreated(Conversation c, FreshchatMessage m);

    void assigned(Actor actor, Conversation c, String fromAgentId, String fromGroupId);

    void resolved(Actor actor, Conversation c);

    void reopened(Actor actor, Conversation c);
  }

  static final class Conversation {
    final String id = UUID.randomUUID().toString();
    final String channelId;
    final List<String> userIds;
    final Map<String, Object> properties;
    final Instant createdTime = Instant.now();
    final List<FreshchatMessage> messages = new ArrayList<>();
    String status = NEW;
    String agentId;
    String groupId;
    Instant updatedTime = createdTime;
    /** Since when it has waited for an agent; null while it has one or is resolved. */
    Instant waitingSince = createdTime;

    Conversation(String channelId, List<String> userIds, Map<String, Object> properties) {
      this.channelId = channelId;
      this.userIds = List.copyOf(userIds);
      this.properties = new LinkedHashMap<>(properties);
    }

    boolean resolved() {
      return status.equals(RESOLVED);
    }
  }

  /**
   * A {@code PUT}: the status, and the agent and group when given ({@code ""} takes them away).
   *
   * @param agentGiven whether the body had {@code assigned_agent_id}
   */
  record Update(String status, String agentId, boolean agentGiven, String groupId, boolean groupGiven) {}

  private final FreshchatAccount account;
  private final FreshchatUsers users;
  private final Events events;
  private final Map<String, Conversation> conversations = new LinkedHashMap<>();

  FreshchatConversations(FreshchatAccount account, FreshchatUsers users, Events events) {
    this.account = account;
    this.users = users;
    this.events = events;
  }

  Conversation create(String channelId, List<String> userIds, List<MessageInput> initial,
      Map<String, Object> properties, String groupId, String agentId, String status) {
    if (!account.channel(channelId).enabled()) {
      throw FreshchatError.invalid("channel " + channelId + " is disabled");
    }
    if (userIds.isEmpty()) {
      throw FreshchatError.invalid("users must name at least one user");
    }
    userIds.forEach(users::get);
    if (groupId != null) {
      account.group(groupId);
    }
    if (agentId != null) {
      account.agent(agentId);
    }
    String s = status == null ? (agentId != null ? ASSIGNED : NEW) : status;
    if (!s.equals(NEW) && !s.equals(ASSIGNED)) {
      throw FreshchatError.invalid("a new conversation's status must be new or assigned");
    }
    if (s.equals(ASSIGNED) != (agentId != null)) {
      throw FreshchatError.invalid("status assigned goes with assigned_agent_id, and only it");
    }
    initial.forEach(m -> checkActor(userIds, m));
    Conversation c = new Conversation(channelId, userIds, properties);
    c.groupId = groupId;
    c.agentId = agentId;
    c.status = s;
    c.waitingSince = agentId == null ? c.createdTime : null;
    for (MessageInput m : initial) {
      c.messages.add(message(c, m, true));
    }
    conversations.put(c.id, c);
    return c;
  }

  /** {@code POST /conversations/{id}/messages}: the message, and its {@code message_create}. */
  FreshchatMessage post(Conversation c, MessageInput in) {
    checkActor(c.userIds, in);
    if (c.resolved() && in.actorType().equals(FreshchatMessage.USER)) {
      throw new FreshchatError(400, "CONVERSATION_RESOLVED", "conversation " + c.id + " is resolved");
    }
    FreshchatMessage m = message(c, in, false);
    c.messages.add(m);
    c.updatedTime = m.createdTime();
    events.messageCreated(c, m);
    return m;
  }

  void update(Conversation c, Update u, Actor actor) {
    String status = u.status();
    if (status != null && !STATUSES.contains(status)) {
      throw FreshchatError.invalid("status must be one of new, assigned, resolved, reopened");
    }
    String agent = u.agentGiven() ? emptyToNull(u.agentId()) : c.agentId;
    String group = u.groupGiven() ? emptyToNull(u.groupId()) : c.groupId;
    if (agent != null && u.agentGiven()) {
      account.agent(agent);
    }
    if (group != null && u.groupGiven()) {
      account.group(group);
    }
    if (REOPENED.equals(status) && !c.resolved()) {
      throw FreshchatError.invalid("only a resolved conversation can be reopened; it is " + c.status);
    }
    boolean reassigning = !Objects.equals(agent, c.agentId) || !Objects.equals(group, c.groupId);
    if (c.resolved() && !REOPENED.equals(status) && (reassigning || (status != null && !status.equals(RESOLVED)))) {
      throw FreshchatError.invalid("conversation " + c.id + " is resolved: reopen it first");
    }
    if (ASSIGNED.equals(status) && agent == null) {
      throw FreshchatError.invalid("status assigned needs assigned_agent_id");
    }
    if (NEW.equals(status) && agent != null && u.agentGiven()) {
      throw FreshchatError.invalid("status new has no assigned agent");
    }
    if (NEW.equals(status)) {
      agent = null;
      reassigning = !Objects.equals(agent, c.agentId) || !Objects.equals(group, c.groupId);
    }
    // Checked: now the changes, each with its webhook. Strictly after the last change: the receiver tells two
    // events of one action apart by their action_time.
    Instant now = Instant.now();
    if (!now.isAfter(c.updatedTime)) {
      now = c.updatedTime.plusNanos(1_000);
    }
    if (REOPENED.equals(status)) {
      c.status = REOPENED;
      c.updatedTime = now;
      c.waitingSince = c.agentId == null ? now : null;
      events.reopened(actor, c);
    }
    if (reassigning) {
      String fromAgent = c.agentId;
      String fromGroup = c.groupId;
      c.agentId = agent;
      c.groupId = group;
      c.updatedTime = now;
      if (agent != null) {
        c.status = ASSIGNED;
        c.waitingSince = null;
      } else if (c.status.equals(ASSIGNED)) {
        c.status = NEW;
        c.waitingSince = now;
      }
      events.assigned(actor, c, fromAgent, fromGroup);
    }
    if (NEW.equals(status) && !c.status.equals(NEW)) {
      c.status = NEW; // back in the queue: Freshchat has no webhook for this
      c.updatedTime = now;
      c.waitingSince = now;
    }
    if (RESOLVED.equals(status) && !c.resolved()) {
      c.status = RESOLVED;
      c.updatedTime = now;
      c.waitingSince = null;
      events.resolved(actor, c);
    }
  }

  Conversation get(String id) {
    Conversation c = id == null ? null : conversations.get(id);
    if (c == null) {
      throw FreshchatError.notFound("conversation", id);
    }
    return c;
  }

  Optional<Conversation> find(String id) {
    return Optional.ofNullable(conversations.get(id));
  }

  List<Conversation> all() {
    return new ArrayList<>(conversations.values());
  }

  /** A user's conversations, oldest first. */
  List<Conversation> of(String userId) {
    return conversations.values().stream().filter(c -> c.userIds.contains(userId)).toList();
  }

  private void checkActor(List<String> userIds, MessageInput m) {
    if (m.actorType().equals(FreshchatMessage.USER)) {
      users.get(m.actorId());
      if (!userIds.contains(m.actorId())) {
        throw FreshchatError.invalid("actor_id " + m.actorId() + " is not a user of this conversation");
      }
    } else {
      account.agent(m.actorId());
    }
  }

  /** A new message, created strictly after the conversation's last one (so {@code from_time} splits them cleanly). */
  private static FreshchatMessage message(Conversation c, MessageInput in, boolean initial) {
    Instant at = Instant.now();
    if (!c.messages.isEmpty() && !at.isAfter(c.messages.get(c.messages.size() - 1).createdTime())) {
      at = c.messages.get(c.messages.size() - 1).createdTime().plusNanos(1_000);
    }
    return new FreshchatMessage(UUID.randomUUID().toString(), c.id, c.channelId, c.userIds.get(0), in.actorType(),
        in.actorId(), in.messageType(), in.parts(), at, initial);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
