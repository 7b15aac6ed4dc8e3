package io.baton.sandbox.chat2desk;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dialogs: at most one open per client; a client's message without an open dialog opens one, assigned by the
 * company's auto-assignment (or left in the general queue, no operator). A dialog is transferred to an operator (an
 * offline one only with {@code force_assign}) or put into a group's queue, from which it goes to the group's online
 * member with the fewest open dialogs, now or when one comes online. Every change of operator is a
 * {@code dialog_transferred}, a close a {@code close_dialog}. Guarded by the simulator's monitor.
 */
final class Chat2DeskDialogs {
  static final class Dialog {
    final long id;
    final long clientId;
    final long channelId;
    final long requestId;
    final Instant begin = Instant.now();
    String state = "open";
    Instant end;
    Long operatorId;
    /** The group whose queue it waits in (no operator yet), or null. */
    Long queueGroupId;
    Instant waitingSince;
    /** Whether its human operator has taken it on the desk. */
    boolean accepted;
    /** Whether it ever went to a human operator or a group: then the agent desk shows it. */
    boolean onDesk;
    Long lastMessageId;

    Dialog(long id, long clientId, long channelId, long requestId, Long operatorId) {
      this.id = id;
      this.clientId = clientId;
      this.channelId = channelId;
      this.requestId = requestId;
      this.operatorId = operatorId;
    }

    boolean open() {
      return state.equals("open");
    }
  }

  private final Chat2DeskCompany company;
  private final Chat2DeskEvents events;
  private final Map<Long, Dialog> dialogs = new LinkedHashMap<>();
  private final AtomicLong nextId = new AtomicLong(7_000_000L + (System.currentTimeMillis() % 100_000) * 100);
  private final AtomicLong nextRequestId = new AtomicLong(90_000_000L + (System.currentTimeMillis() % 100_000) * 100);
  private Long autoAssignOperatorId;

  Chat2DeskDialogs(Chat2DeskCompany company, Chat2DeskEvents events) {
    this.company = company;
    this.events = events;
  }

  void autoAssign(Long operatorId) {
    if (operatorId != null) {
      company.operator(operatorId);
    }
    autoAssignOperatorId = operatorId;
  }

  Dialog get(long id) {
    Dialog d = dialogs.get(id);
    if (d == null) {
      throw Chat2DeskError.notFound("Dialog");
    }
    return d;
  }

  Optional<Dialog> find(long id) {
    return Optional.ofNullable(dialogs.get(id));
  }

  List<Dialog> all() {
    return List.copyOf(dialogs.values());
  }

  Optional<Dialog> openOf(long clientId) {
    return dialogs.values().stream().filter(d -> d.clientId == clientId && d.open()).findFirst();
  }

  /** The client's latest dialog, open or closed. */
  Optional<Dialog> latestOf(long clientId) {
    return dialogs.values().stream().filter(d -> d.clientId == clientId).reduce((a, b) -> b);
  }

  List<Dialog> of(long clientId) {
    return dialogs.values().stream().filter(d -> d.clientId == clientId).toList();
  }

  /** A new open dialog for the client, assigned to {@code operatorId} or by the auto-assignment when null. */
  Dialog open(Chat2DeskClients.Client client, Long operatorId) {
    Dialog d = new Dialog(nextId.incrementAndGet(), client.id, client.channelId, nextRequestId.incrementAndGet(),
        operatorId != null ? operatorId : autoAssignOperatorId);
    dialogs.put(d.id, d);
    if (d.operatorId != null && d.operatorId != Chat2DeskCompany.BOT_OPERATOR_ID) {
      d.onDesk = true;
      d.waitingSince = d.begin;
    }
    return d;
  }

  int openDialogsOf(long operatorId) {
    return (int) dialogs.values().stream().filter(d -> d.open() && Long.valueOf(operatorId).equals(d.operatorId))
        .count();
  }

  /** PUT /dialogs/{id} {operator_id}: an offline operator only with {@code force}. */
  void transfer(Dialog d, long operatorId, boolean force) {
    Chat2DeskCompany.Operator o = company.operator(operatorId);
    requireOpen(d);
    if (!o.online && !force) {
      throw new Chat2DeskError(400, "Operator is offline");
    }
    assign(d, o.id);
  }

  /** Into the group's queue; at once to a member when one is online (or, forced, to any member). */
  void transferToGroup(Dialog d, long groupId, boolean force) {
    Chat2DeskCompany.Group g = company.group(groupId);
    requireOpen(d);
    Long member = memberFor(g, force);
    if (member != null) {
      d.queueGroupId = null;
      assign(d, member);
      return;
    }
    d.queueGroupId = g.id();
    d.onDesk = true;
    d.accepted = false;
    d.waitingSince = Instant.now();
    if (d.operatorId != null) {
      d.operatorId = null;
      events.transferred(d);
    }
  }

  /** An operator came online: the queued dialogs of their groups go to members, oldest first. */
  void operatorOnline(long operatorId) {
    for (Dialog d : dialogs.values().stream().filter(d -> d.open() && d.queueGroupId != null)
        .sorted(Comparator.comparing(d -> d.waitingSince)).toList()) {
      Chat2DeskCompany.Group g = company.group(d.queueGroupId);
      if (g.operatorIds().contains(operatorId)) {
        Long member = memberFor(g, false);
        if (member != null) {
          d.queueGroupId = null;
          assign(d, member);
        }
      }
    }
  }

  /** The desk: the operator takes the dialog (from a queue, or as the one it was transferred to). */
  void accept(Dialog d, long operatorId) {
    requireOpen(d);
    d.queueGroupId = null;
    assign(d, operatorId);
    d.accepted = true;
    d.waitingSince = null;
  }

  /** Closes an open dialog ({@code close_dialog}); closing a closed one changes nothing. */
  void close(Dialog d) {
    if (!d.open()) {
      return;
    }
    d.state = "closed";
    d.end = Instant.now();
    d.queueGroupId = null;
    d.waitingSince = null;
    events.closed(d);
  }

  private void assign(Dialog d, long operatorId) {
    if (Long.valueOf(operatorId).equals(d.operatorId)) {
      return;
    }
    d.operatorId = operatorId;
    d.accepted = false;
    if (operatorId != Chat2DeskCompany.BOT_OPERATOR_ID) {
      d.onDesk = true;
      d.waitingSince = Instant.now();
    } else {
      d.waitingSince = null;
    }
    events.transferred(d);
  }

  /** The online member with the fewest open dialogs (forced: any member), lowest id first; null when none. */
  private Long memberFor(Chat2DeskCompany.Group g, boolean force) {
    return g.operatorIds().stream().map(company::operator).filter(o -> force || o.online)
        .min(Comparator.comparingInt((Chat2DeskCompany.Operator o) -> openDialogsOf(o.id)).thenComparingLong(o -> o.id))
        .map(o -> o.id).orElse(null);
  }

  private static void requireOpen(Dialog d) {
    if (!d.open()) {
      throw new Chat2DeskError(400, "Dialog is closed");
    }
  }
}
