package io.baton.sandbox.gorgias;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The account's tickets and what happens to them: created with their messages, messages added (incoming, outgoing,
 * internal notes), status, assignment and tags. Every change an HTTP integration can be told fires its trigger
 * ({@code ticket_created}, {@code ticket_message_created}, {@code ticket_updated}); a ticket's own first messages
 * fire only {@code ticket_created} [guess]. A message given a {@code sent_datetime} is recorded as already sent;
 * without one Gorgias sends it (recorded as {@code sentByGorgias}). A customer writing on a closed ticket opens it
 * again. Guarded by the simulator's monitor.
 */
final class GorgiasTickets {
  static final String CREATED = "ticket_created";
  static final String UPDATED = "ticket_updated";
  static final String MESSAGE_CREATED = "ticket_message_created";
  private static final AtomicLong TICKET_IDS = new AtomicLong(1000);
  private static final AtomicLong MESSAGE_IDS = new AtomicLong(90000);
  private static final AtomicLong TAG_IDS = new AtomicLong(300);

  /** A message whose sender and receiver are resolved to ids (a customer's or a user's). */
  record Resolved(GorgiasMessageInput input, long senderId, Long receiverId) {}

  private final Map<Long, GorgiasTicket> byId = new LinkedHashMap<>();
  private final Map<String, Long> tagIds = new LinkedHashMap<>();
  private final BiConsumer<String, GorgiasTicket> triggers;

  /** @param triggers told (trigger, ticket) after every change, under the simulator's monitor */
  GorgiasTickets(BiConsumer<String, GorgiasTicket> triggers) {
    this.triggers = triggers;
  }

  GorgiasTicket create(long customerId, String channel, String via, boolean fromAgent, String subject,
      String externalId, String status, Long assigneeUserId, Long assigneeTeamId, List<String> tags,
      List<Resolved> messages, Instant created) {
    GorgiasTicket t = new GorgiasTicket(TICKET_IDS.incrementAndGet(), customerId, channel, via, fromAgent, externalId,
        subject, created != null ? created : Instant.now());
    t.assigneeUserId = assigneeUserId;
    t.assigneeTeamId = assigneeTeamId;
    tags.forEach(name -> addTag(t, name));
    messages.forEach(m -> t.messages.add(message(t, m)));
    if (GorgiasTicket.CLOSED.equals(status)) {
      t.status = GorgiasTicket.CLOSED;
      t.closed = Instant.now();
    }
    t.waitingSince = t.isClosed() || t.assigneeUserId != null ? null : t.created;
    byId.put(t.id, t);
    triggers.accept(CREATED, t);
    return t;
  }

  /** A message on an existing ticket; a customer's on a closed ticket opens it again. */
  GorgiasMessage add(GorgiasTicket t, Resolved m) {
    GorgiasMessage message = message(t, m);
    t.messages.add(message);
    t.updated = Instant.now();
    triggers.accept(MESSAGE_CREATED, t);
    if (!message.fromAgent() && t.isClosed()) {
      status(t, GorgiasTicket.OPEN);
    }
    return message;
  }

  private GorgiasMessage message(GorgiasTicket t, Resolved r) {
    GorgiasMessageInput in = r.input();
    Instant now = Instant.now();
    boolean sendNow = in.sentDatetime() == null && !in.internalNote();
    return new GorgiasMessage(MESSAGE_IDS.incrementAndGet(), t.id, in.channel(),
        in.via() != null ? in.via() : "api", in.fromAgent(), !in.internalNote(), r.senderId(),
        in.internalNote() ? null : r.receiverId(), in.subject(), in.bodyText(), in.bodyHtml(), in.attachments(),
        in.externalId(), in.createdDatetime() != null ? in.createdDatetime() : now,
        sendNow ? now : in.sentDatetime(), sendNow);
  }

  /** Open or closed; true when it changed (and {@code ticket_updated} fired). */
  boolean status(GorgiasTicket t, String status) {
    if (status.equals(t.status)) {
      return false;
    }
    t.status = status;
    t.closed = t.isClosed() ? Instant.now() : null;
    t.waitingSince = !t.isClosed() && t.assigneeUserId == null ? Instant.now() : null;
    changed(t);
    return true;
  }

  /** Assigns the ticket to a user (null: nobody, it waits again); true when it changed. */
  boolean assignUser(GorgiasTicket t, Long userId) {
    if (java.util.Objects.equals(userId, t.assigneeUserId)) {
      return false;
    }
    t.assigneeUserId = userId;
    t.waitingSince = userId == null && !t.isClosed() ? Instant.now() : null;
    changed(t);
    return true;
  }

  /** Several fields at once (PUT): one {@code ticket_updated} when anything changed. */
  void update(GorgiasTicket t, String status, boolean setUser, Long userId, boolean setTeam, Long teamId,
      String subject) {
    boolean changed = false;
    if (status != null && !status.equals(t.status)) {
      t.status = status;
      t.closed = t.isClosed() ? Instant.now() : null;
      changed = true;
    }
    if (setUser && !java.util.Objects.equals(userId, t.assigneeUserId)) {
      t.assigneeUserId = userId;
      changed = true;
    }
    if (setTeam && !java.util.Objects.equals(teamId, t.assigneeTeamId)) {
      t.assigneeTeamId = teamId;
      changed = true;
    }
    if (subject != null && !subject.equals(t.subject)) {
      t.subject = subject;
      changed = true;
    }
    if (changed) {
      t.waitingSince = !t.isClosed() && t.assigneeUserId == null
          ? (t.waitingSince != null ? t.waitingSince : Instant.now()) : null;
      changed(t);
    }
  }

  /** Adds tags by name (new names become tags of the account); true when the ticket's tags changed. */
  boolean tag(GorgiasTicket t, List<String> names) {
    boolean changed = false;
    for (String name : names) {
      changed |= addTag(t, name);
    }
    if (changed) {
      changed(t);
    }
    return changed;
  }

  private boolean addTag(GorgiasTicket t, String name) {
    tagIds.computeIfAbsent(name, n -> TAG_IDS.incrementAndGet());
    if (t.tags.contains(name)) {
      return false;
    }
    t.tags.add(name);
    return true;
  }

  Optional<Long> tagId(String name) {
    return Optional.ofNullable(tagIds.get(name));
  }

  Optional<String> tagNamed(long id) {
    return tagIds.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst();
  }

  private void changed(GorgiasTicket t) {
    t.updated = Instant.now();
    triggers.accept(UPDATED, t);
  }

  Optional<GorgiasTicket> find(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  GorgiasTicket get(long id) {
    return find(id).orElseThrow(() -> GorgiasError.notFound("Ticket", id));
  }

  /** Every ticket, oldest first. */
  List<GorgiasTicket> all() {
    return new ArrayList<>(byId.values());
  }
}
