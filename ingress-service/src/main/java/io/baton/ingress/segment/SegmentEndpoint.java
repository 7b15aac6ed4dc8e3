package io.baton.ingress.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.ingress.auth.Access;
import io.baton.ingress.connection.ConnectionStore;
import io.baton.ingress.handover.HandoverEndpoint;
import io.baton.ingress.http.Acknowledgements;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.Idempotency;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.JsonFields;
import io.baton.ingress.http.Writes;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Segment's Spec calls, server side ({@code POST /v1/segment/identify|group|track}, bot keys): identify and group
 * traits are kept per user, shared by every instance ({@link SegmentTraits}); the track event {@value #LIVE_CHAT_STARTED} starts a Salesforce handover through
 * {@link LiveAgentMapping}. Other track events are accepted and ignored.
 */
public final class SegmentEndpoint {
  public static final String LIVE_CHAT_STARTED = "Live Chat Conversation Started";
  private final Writes writes;
  private final SegmentTraits traits;
  private final ConnectionStore connections;
  private final HandoverEndpoint handovers;

  public SegmentEndpoint(Writes writes, ConnectionStore connections, HandoverEndpoint handovers,
      SegmentTraits traits) {
    this.writes = writes;
    this.traits = traits;
    this.connections = connections;
    this.handovers = handovers;
  }

  public void identify(Context ctx) {
    String tenant = Access.tenant(ctx);
    ObjectNode body = writes.body(ctx);
    FieldErrors errors = new FieldErrors();
    JsonFields f = new JsonFields(body, "", errors);
    String user = user(f);
    ObjectNode t = object(f, "traits");
    errors.throwIfAny();
    Idempotency.Claim claim = writes.claim(ctx, tenant, body);
    if (!claim.replayed()) {
      answer(ctx, claim, user, saved(claim, () -> traits.identify(tenant, user, t)));
    }
  }

  public void group(Context ctx) {
    String tenant = Access.tenant(ctx);
    ObjectNode body = writes.body(ctx);
    FieldErrors errors = new FieldErrors();
    JsonFields f = new JsonFields(body, "", errors);
    String user = user(f);
    String groupId = f.requiredString("groupId");
    ObjectNode t = object(f, "traits");
    errors.throwIfAny();
    Idempotency.Claim claim = writes.claim(ctx, tenant, body);
    if (!claim.replayed()) {
      answer(ctx, claim, user, saved(claim, () -> traits.group(tenant, user, groupId, t)));
    }
  }

  public void track(Context ctx) {
    String tenant = Access.tenant(ctx);
    ObjectNode body = writes.body(ctx);
    FieldErrors errors = new FieldErrors();
    JsonFields f = new JsonFields(body, "", errors);
    String user = user(f);
    String event = f.requiredString("event");
    ObjectNode properties = object(f, "properties");
    errors.throwIfAny();
    Idempotency.Claim claim = writes.claim(ctx, tenant, body);
    if (claim.replayed()) {
      return;
    }
    if (!LIVE_CHAT_STARTED.equals(event)) {
      ObjectNode answer = Json.object();
      answer.put("event", event);
      answer.put("handover", false);
      Acknowledgements.answerWhenAcked(ctx, "track " + event, CompletableFuture.completedFuture(null),
          writes.responses(), claim, 200, null, () -> answer);
      return;
    }
    ObjectNode handover;
    ConversationKey key;
    try {
      JsonFields props = new JsonFields(properties, "properties", errors);
      String conversation = props.has("conversation_id") ? props.requiredString("conversation_id")
          : props.requiredString("conversationId");
      if (!conversation.isEmpty() && !Access.isSafeId(conversation)) {
        errors.add("properties.conversation_id", "'properties.conversation_id' must match "
            + ConversationKey.PART.pattern());
      }
      Connection connection = connection(tenant, props.optionalString("connectionId"), errors);
      errors.throwIfAny();
      handover = LiveAgentMapping.handover(connection, traits.get(tenant, user), properties, user, errors);
      errors.throwIfAny();
      key = new ConversationKey(tenant, conversation);
    } catch (RuntimeException e) {
      claim.release();
      throw e;
    }
    handovers.submit(ctx, claim, key, handover);
  }

  /** The named connection, else the tenant's one active Salesforce connection. */
  private Connection connection(String tenant, String id, FieldErrors errors) {
    if (id != null) {
      var named = connections.get(id).filter(c -> c.getTenant().equals(tenant) && c.getPlatform() == Platform.salesforce
          && c.getStatus() != ConnectionStatus.deleted);
      if (named.isEmpty()) {
        errors.add("properties.connectionId", "'properties.connectionId' names no Salesforce connection of this"
            + " tenant");
        return null;
      }
      return named.get();
    }
    List<Connection> active = connections.ofTenant(tenant).stream()
        .filter(c -> c.getPlatform() == Platform.salesforce && c.getStatus() == ConnectionStatus.active).toList();
    if (active.size() != 1) {
      errors.add("properties.connectionId", "this tenant has " + active.size() + " active Salesforce connections:"
          + " name one in 'properties.connectionId'");
      return null;
    }
    return active.get(0);
  }

  private static boolean tooLong(String user) {
    return user != null && user.codePointCount(0, user.length()) > 256;
  }

  private static String user(JsonFields f) {
    String userId = f.optionalString("userId");
    String anonymousId = f.optionalString("anonymousId");
    String user = userId != null && !userId.isBlank() ? userId : anonymousId;
    if (user == null || user.isBlank()) {
      f.errors().add("userId", "'userId' or 'anonymousId' is required");
      return "";
    }
    if (tooLong(userId) || tooLong(anonymousId)) {
      f.errors().add(tooLong(userId) ? "userId" : "anonymousId",
          "'userId' and 'anonymousId' must be at most 256 characters");
    }
    return user;
  }

  private static ObjectNode object(JsonFields f, String member) {
    JsonNode raw = f.raw(member);
    if (raw == null) {
      return Json.object();
    }
    if (!raw.isObject()) {
      f.errors().add(member, "'" + member + "' must be an object, got " + JsonFields.describe(raw));
      return Json.object();
    }
    return (ObjectNode) raw;
  }

  /** The traits saved; the claim released when they cannot be (Kafka too slow to catch up with). */
  private static CompletableFuture<SegmentTraits.Known> saved(Idempotency.Claim claim,
      Supplier<CompletableFuture<SegmentTraits.Known>> save) {
    try {
      return save.get();
    } catch (RuntimeException e) {
      claim.release();
      throw e;
    }
  }

  /** 200 once Kafka has the traits (503 when it has not in time). */
  private void answer(Context ctx, Idempotency.Claim claim, String user,
      CompletableFuture<SegmentTraits.Known> saved) {
    Acknowledgements.answerWhenAcked(ctx, "traits of a Segment user", saved, writes.responses(), claim, 200, null,
        () -> {
          SegmentTraits.Known known = saved.join();
          ObjectNode answer = Json.object();
          answer.put("user", user);
          answer.put("userTraits", known.userTraits() == null ? 0 : known.userTraits().size());
          if (known.groupId() == null) {
            answer.putNull("groupId");
          } else {
            answer.put("groupId", known.groupId());
          }
          answer.put("groupTraits", known.groupTraits() == null ? 0 : known.groupTraits().size());
          return answer;
        });
  }
}
