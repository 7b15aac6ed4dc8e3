package io.baton.ingress.handover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.Connection;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.handover.HandoverCarrier;
import io.baton.ingress.auth.Access;
import io.baton.ingress.connection.ConnectionStore;
import io.baton.ingress.http.FieldError;
import io.baton.ingress.http.Idempotency;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.Problem;
import io.baton.ingress.http.Writes;
import io.baton.ingress.visitor.VisitorContextMemory;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/conversations/{id}/handover}: a bot asks to hand the conversation to a helpdesk. A valid request
 * becomes a HandoverRequested on conversation.inputs.v1 (its eventId is the handover id: deterministic with an
 * Idempotency-Key, see Idempotency); the router takes it from there. A {@code connectionId} must name an active
 * connection of the caller's tenant and the payload's platform; the request carries that connection as this instance
 * knows it at request time ({@code connection}), since the router reads nothing but its input. When no connector
 * that would carry it runs ({@link RunningConnectors}), the request is still written, stamped {@code noConnector}
 * with the reason: the router fails it at once, and the bot learns why in the conversation's log.
 */
public final class HandoverEndpoint implements Handler {
  private static final Logger log = LoggerFactory.getLogger(HandoverEndpoint.class);
  /** Platforms whose connector takes its credentials from connections only. */
  static final Set<Platform> NEEDS_A_CONNECTION = EnumSet.of(Platform.zendesk_sunco, Platform.zendesk_support);

  private final Writes writes;
  private final VisitorContextMemory memory;
  private final ConnectionStore connections;
  private final RunningConnectors running;

  /** @param running the connectors that run; null: not checked (every handover goes to the router as it is) */
  public HandoverEndpoint(Writes writes, VisitorContextMemory memory, ConnectionStore connections,
      RunningConnectors running) {
    this.writes = writes;
    this.memory = memory;
    this.connections = connections;
    this.running = running;
  }

  @Override
  public void handle(Context ctx) {
    ConversationKey key = Access.conversation(ctx, Access.Need.BOT);
    ObjectNode body = writes.body(ctx);
    Idempotency.Claim claim = writes.claim(ctx, key.tenant(), body);
    if (claim.replayed()) {
      return;
    }
    submit(ctx, claim, key, body);
  }

  /**
   * Validates a handover payload and writes it, answering 202 once Kafka acknowledged it; releases {@code claim} when
   * the payload is refused. Also the way in for handovers made from other calls (Segment's track).
   */
  public void submit(Context ctx, Idempotency.Claim claim, ConversationKey key, ObjectNode body) {
    HandoverRequested request;
    try {
      Instant now = Instant.now();
      request = HandoverRequests.parse(key, body, memory.get(key), claim.eventId(key), now);
      request.setConnection(checkConnection(key.tenant(), request));
      if (running != null) {
        request.setNoConnector(running.absence(HandoverCarrier.of(request), now));
        if (request.getNoConnector() != null) {
          log.info("handover {} of {} will fail: {}", request.getEventId(), key, request.getNoConnector());
        }
      }
    } catch (RuntimeException e) {
      claim.release();
      throw e;
    }
    writes.publishInput(ctx, claim, key, request, "handover request " + request.getEventId(),
        () -> {
          memory.remember(key, request.getContext());
          ObjectNode answer = Json.object();
          answer.put("handoverId", request.getEventId());
          answer.put("conversationId", key.conversationId());
          return answer;
        });
  }

  /** The snapshot of the named connection, null when none is named; a 422 when it cannot take the handover. */
  private ConnectionSnapshot checkConnection(String tenant, HandoverRequested request) {
    String id = request.getConnectionId();
    if (id == null) {
      Connection implied = NEEDS_A_CONNECTION.contains(request.getPlatform()) ? onlyConnection(tenant, request)
          : enhancedChat(tenant, request);
      if (implied == null) {
        return null;
      }
      request.setConnectionId(implied.getConnectionId());
      return snapshot(implied);
    }
    var connection = connections.get(id).filter(c -> c.getTenant().equals(tenant))
        .filter(c -> c.getStatus() != ConnectionStatus.deleted);
    String problem = null;
    if (connection.isEmpty()) {
      problem = "'connectionId' names no connection of this tenant";
    } else if (connection.get().getPlatform() != request.getPlatform()) {
      problem = "'connectionId' names a " + connection.get().getPlatform() + " connection, but crmPlatform is "
          + request.getPlatform();
    } else if (connection.get().getStatus() != ConnectionStatus.active) {
      problem = "'connectionId' names a connection that is " + connection.get().getStatus()
          + (connection.get().getStatusReason() == null ? "" : " (" + connection.get().getStatusReason() + ")");
    }
    if (problem != null) {
      throw Problem.validation(List.of(new FieldError("connectionId", problem))).exception();
    }
    return snapshot(connection.get());
  }

  /**
   * A platform whose credentials live only in a connection (none in the connector's environment): a handover naming
   * no connection goes to the tenant's one active connection of that platform, and is refused when that is not one.
   */
  private Connection onlyConnection(String tenant, HandoverRequested request) {
    List<Connection> active = connections.ofTenant(tenant).stream()
        .filter(c -> c.getPlatform() == request.getPlatform() && c.getStatus() == ConnectionStatus.active
            && c.getEnabled())
        .toList();
    if (active.size() != 1) {
      throw Problem.validation(List.of(new FieldError("connectionId", "no connectionId is sent and this tenant has "
          + (active.isEmpty() ? "no" : active.size()) + " active " + request.getPlatform()
          + " connections: send connectionId"))).exception();
    }
    return active.get(0);
  }

  /**
   * For the seed's Salesforce payload, which names no connection: the tenant's active Enhanced Chat connection
   * ({@code api} = {@code enhanced_chat}), so the unchanged bot's handover lands in Enhanced Chat; with several, the
   * one whose {@code orgId} is the payload's {@code organizationId} (a 422 when that does not single one out); null
   * when the tenant has none (Live Agent, as before).
   */
  private Connection enhancedChat(String tenant, HandoverRequested request) {
    if (!(request.getPayload() instanceof SalesforceLiveAgentHandover p)) {
      return null;
    }
    List<Connection> enhanced = connections.ofTenant(tenant).stream()
        .filter(c -> c.getPlatform() == Platform.salesforce && c.getStatus() == ConnectionStatus.active
            && c.getEnabled() && "enhanced_chat".equals(c.getSettings().get("api")))
        .toList();
    if (enhanced.size() > 1) {
      enhanced = enhanced.stream().filter(c -> org15(c.getSettings().get("orgId")).equals(org15(p.getOrganizationId())))
          .toList();
      if (enhanced.size() != 1) {
        throw Problem.validation(List.of(new FieldError("connectionId", "no connectionId is sent and "
            + (enhanced.isEmpty() ? "none" : "several") + " of this tenant's Enhanced Chat connections have orgId "
            + p.getOrganizationId() + ": send connectionId"))).exception();
      }
    }
    return enhanced.isEmpty() ? null : enhanced.get(0);
  }

  /** Salesforce ids compare on their 15-character form. */
  private static String org15(String id) {
    String s = id == null ? "" : id.strip();
    return s.length() > 15 ? s.substring(0, 15) : s;
  }

  /** What the router needs of a connection (never its secrets). */
  static ConnectionSnapshot snapshot(Connection c) {
    return ConnectionSnapshot.newBuilder().setConnectionId(c.getConnectionId()).setTenant(c.getTenant())
        .setPlatform(c.getPlatform()).setEnabled(c.getEnabled()).setStatus(c.getStatus())
        .setSettings(new HashMap<>(c.getSettings())).build();
  }
}
