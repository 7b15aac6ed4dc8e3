package io.baton.sandbox.kustomer;

import static io.baton.sandbox.kit.KitJson.object;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The org's chat conversations (= chat sessions) and what happens to them: sessions opened with or without an
 * imported transcript, messages from the customer and from org users, typing, status, queue, assignment and tags.
 * Every change a webhook can tell fires its event ({@code kustomer.message.create}, {@code kustomer.conversation.update}
 * with {@code changes}, {@code kustomer.conversation.typing}); imported transcript lines fire nothing. Guarded by the
 * simulator's monitor.
 */
final class KustomerConversations {
  private final Map<String, KustomerConversation> byId = new LinkedHashMap<>();
  private final KustomerOrg org;
  private final KustomerWebhooks webhooks;

  KustomerConversations(KustomerOrg org, KustomerWebhooks webhooks) {
    this.org = org;
    this.webhooks = webhooks;
  }

  /** A line of a handoff's transcript. */
  record Imported(String direction, String body, Instant date) {}

  /** A new session in the default queue; {@code active:false} creates it done. */
  KustomerConversation open(String customerId, String externalId, boolean active) {
    KustomerConversation c = new KustomerConversation(KustomerIds.next(), customerId, externalId,
        active ? KustomerConversation.OPEN : KustomerConversation.DONE, org.defaultQueue().id());
    byId.put(c.id, c);
    return c;
  }

  /** A session with the bot's transcript: inbound lines as the customer's, outbound ones as {@code fromUser}'s. */
  KustomerConversation handoff(String customerId, List<Imported> lines, String fromUser, String externalId,
      boolean active) {
    KustomerConversation c = open(customerId, externalId, active);
    for (Imported line : lines) {
      boolean in = line.direction().equals("in");
      c.add(new KustomerMessage(KustomerIds.next(), c.id, customerId, line.direction(), line.body(), List.of(),
          in ? null : fromUser, false, null, line.date(), line.date(), true));
    }
    return c;
  }

  /** A message the customer sends (the chat API's {@code /v2.1/chat/messages}). */
  KustomerMessage fromCustomer(KustomerConversation c, String body, List<KustomerMessage.Attachment> attachments,
      String externalId) {
    return post(c, "in", body, attachments, null, false, externalId);
  }

  /** A message an org user sends: an agent at the desk, or an API call ({@code auto}: automation). */
  KustomerMessage fromUser(KustomerConversation c, String userId, String body,
      List<KustomerMessage.Attachment> attachments, boolean auto) {
    return post(c, "out", body, attachments, userId, auto, null);
  }

  private KustomerMessage post(KustomerConversation c, String direction, String body,
      List<KustomerMessage.Attachment> attachments, String userId, boolean auto, String externalId) {
    if (c.done()) {
      throw KustomerError.conflict("conversation_done", "Conversation " + c.id + " is done", "/session");
    }
    Instant now = Instant.now();
    KustomerMessage m = new KustomerMessage(KustomerIds.next(), c.id, c.customerId, direction, body, attachments,
        userId, auto, externalId, now, now, false);
    c.add(m);
    if (m.inbound()) {
      c.customerTyping = false;
    }
    webhooks.emit("kustomer.message.create", KustomerResources.message(m), null);
    return m;
  }

  /** The customer's typing shows on the desk; an org user's goes out as {@code kustomer.conversation.typing}. */
  void typing(KustomerConversation c, String userId, boolean typing) {
    if (c.done()) {
      throw KustomerError.conflict("conversation_done", "Conversation " + c.id + " is done", "/session");
    }
    if (userId == null) {
      c.customerTyping = typing;
      return;
    }
    webhooks.emit("kustomer.conversation.typing", KustomerResources.typing(c, userId, typing), null);
  }

  /** PATCH: status and queue (null: unchanged); one update event naming what changed. */
  void update(KustomerConversation c, String status, String queueId) {
    Map<String, Object> changes = new LinkedHashMap<>();
    if (status != null && !status.equals(c.status)) {
      changes.put("status", change(c.status, status));
      c.status = status;
      c.customerTyping = false;
      if (!c.done() && c.assignedUsers.isEmpty()) {
        c.waitingSince = Instant.now();
      }
    }
    if (queueId != null && !queueId.equals(c.queueId)) {
      changes.put("queue", change(c.queueId == null ? null : object("id", c.queueId), object("id", queueId)));
      c.queueId = queueId;
    }
    changed(c, changes);
  }

  /** Who has the conversation now (empty: nobody, it waits in its queue again). */
  void assign(KustomerConversation c, List<String> users) {
    if (Objects.equals(users, c.assignedUsers)) {
      return;
    }
    Map<String, Object> changes = Map.of("assignedUsers", change(c.assignedUsers, List.copyOf(users)));
    c.assignedUsers = List.copyOf(users);
    c.waitingSince = users.isEmpty() ? Instant.now() : null;
    changed(c, changes);
  }

  /** Adds tags by name (no event: tags are not among the changes this simulator tells). */
  void tag(KustomerConversation c, List<String> names) {
    c.tags.addAll(names);
  }

  private void changed(KustomerConversation c, Map<String, Object> changes) {
    if (!changes.isEmpty()) {
      webhooks.emit("kustomer.conversation.update", KustomerResources.conversation(c),
          Map.of("attributes", changes));
    }
  }

  private static Map<String, Object> change(Object before, Object after) {
    return object("before", before, "after", after);
  }

  Optional<KustomerConversation> find(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  KustomerConversation get(String id) {
    return find(id).orElseThrow(() -> KustomerError.notFound("Conversation", id));
  }

  /** A customer's sessions, newest first. */
  List<KustomerConversation> ofCustomer(String customerId) {
    List<KustomerConversation> theirs = new ArrayList<>(byId.values().stream()
        .filter(c -> c.customerId.equals(customerId)).toList());
    Collections.reverse(theirs);
    return theirs;
  }

  List<KustomerConversation> all() {
    return new ArrayList<>(byId.values());
  }
}
