package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.OrderedWrites;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.zendesk.sunco.SuncoConversationIds;
import io.baton.events.Connection;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorRead;
import io.baton.events.ZendeskSupportHandover;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent-initiated conversations (the seed "Agent-initiated conversations (ZSC)"): a ticket that passes the
 * connection's {@link AgentInitiatedFilter} (by default: tagged {@code sunco_send}, new, open or pending, submitted by
 * someone who is not an end user) and is not linked yet, is linked to its requester's SunCo conversation (the user found by email as
 * externalId, the conversation reused or created by the SunCo part). The link is two router inputs, written in one go:
 * a visitor event that tells the router the visitor is in that SunCo conversation ({@code VisitorRead}: it changes
 * nothing else), then a handover to this connection with the ticket to adopt. Their ids come from the ticket, so a
 * repeated webhook writes the same inputs and the router drops them. The ticket is then tagged
 * {@link SupportTriggers#LINKED_TAG} (and {@link SupportTriggers#TAG}, so Baton's ticket triggers see it), which every
 * instance sees and which survives restarts.
 */
final class AgentInitiated {
  private static final Logger log = LoggerFactory.getLogger(AgentInitiated.class);
  static final String CHANNEL_SETTING = "agentInitiated.channelConnectionId";
  static final String UNLINK_SETTING = "agentInitiated.unlinkStatuses";

  private final SupportClient client;
  private final PlatformCalls calls;
  private final SupportAccounts accounts;
  private final OrderedWrites writes;
  private final Supplier<SuncoConversations> sunco;
  private final Map<String, Connection> known = new ConcurrentHashMap<>();

  AgentInitiated(SupportClient client, PlatformCalls calls, SupportAccounts accounts, OrderedWrites writes,
      Supplier<SuncoConversations> sunco) {
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.writes = writes;
    this.sunco = sunco;
  }

  /** A connection of {@code connections.v1} as last read (its tenant and settings for the handover's snapshot). */
  void known(Connection connection) {
    known.put(connection.getConnectionId(), connection);
  }

  /** The statuses that end an agent-initiated conversation (default closed and solved). */
  static Set<String> unlinkStatuses(SupportAccount account) {
    return Arrays.stream(account.setting(UNLINK_SETTING, "closed,solved").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  /** {@code <connection>/<ticketId>}: completes once the ticket is linked or found not to qualify. */
  CompletableFuture<Void> handle(String ref) {
    int slash = ref.lastIndexOf('/');
    String connection = ref.substring(0, slash);
    long ticketId = Long.parseLong(ref.substring(slash + 1));
    return accounts.active(connection).thenCompose(account -> calls.call(connection, "GET /tickets/{id}",
        () -> client.get(account, "/tickets/" + ticketId)).thenCompose(r -> {
          JsonNode ticket = r.path("ticket");
          AgentInitiatedFilter filter = AgentInitiatedFilter.of(account);
          String why = filter.refusal(ticket);
          if (why == null && account.setting(CHANNEL_SETTING, null) == null) {
            why = "the connection has no '" + CHANNEL_SETTING + "' (the zendesk_sunco connection of the visitor)";
          }
          if (why != null) {
            log.info("ticket {} of {} is not agent-initiated for Baton: {}", ticketId, connection, why);
            return CompletableFuture.completedFuture(null);
          }
          // The submitter is read only when end users' tickets are kept out.
          CompletableFuture<Boolean> byEndUser = filter.endUsers() ? CompletableFuture.completedFuture(false)
              : user(account, ticket.path("submitter_id").asLong()).thenApply(filter::refuses);
          return user(account, ticket.path("requester_id").asLong()).thenCombine(byEndUser, (requester, refused) -> {
            if (refused) {
              log.info("ticket {} of {} was submitted by an end user: not agent-initiated ('{}' is false)", ticketId,
                  connection, AgentInitiatedFilter.END_USERS_SETTING);
              return null;
            }
            return requester;
          }).thenCompose(requester -> requester == null ? CompletableFuture.completedFuture(null)
              : link(account, ticket, requester));
        }));
  }

  private CompletableFuture<JsonNode> user(SupportAccount account, long id) {
    return calls.call(account.connection(), "GET /users/{id}", () -> client.get(account, "/users/" + id))
        .thenApply(r -> r.path("user"));
  }

  private CompletableFuture<Void> link(SupportAccount account, JsonNode ticket, JsonNode requester) {
    long ticketId = ticket.path("id").asLong();
    String connection = account.connection();
    String email = requester.path("email").asText("");
    if (email.isEmpty()) {
      log.warn("ticket {} of {}: the requester has no email, so no SunCo user; not linked", ticketId, connection);
      return CompletableFuture.completedFuture(null);
    }
    Connection known = this.known.get(connection);
    if (known == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("connection " + connection
          + " is not known from connections.v1 yet"));
    }
    String channel = account.setting(CHANNEL_SETTING, null);
    SuncoConversations sunco = this.sunco.get();
    if (sunco == null) {
      return CompletableFuture
          .failedFuture(new IllegalStateException("the SunCo part of the connector is not running"));
    }
    String foreign = foreignChannel(channel, known.getTenant(), sunco);
    if (foreign != null) {
      // Checked at activation too; the SunCo connection may have changed since. Acknowledged: retrying cannot help.
      log.error("ticket {} of {} is not linked: {}", ticketId, connection, foreign);
      return CompletableFuture.completedFuture(null);
    }
    String name = requester.path("name").asText(email);
    return sunco.conversationOf(channel, email, name).thenCompose(found -> {
      if (found.isEmpty()) {
        log.warn("ticket {} of {}: the SunCo app of {} has no user with externalId {}; not linked", ticketId,
            connection, channel, email);
        return CompletableFuture.completedFuture(false);
      }
      String conversation = found.get();
      String conversationId = SuncoConversationIds.of(conversation);
      String seed = "zendesk_support#" + connection + "#ticket#" + ticketId;
      VisitorContext context = VisitorContext.newBuilder().setName(name).setEmail(email).build();
      Instant now = Instant.now();
      VisitorEvent where = VisitorEvent.newBuilder().setEventId(id(seed + "#visitor")).setOccurredAt(now)
          .setTenant(known.getTenant()).setConversationId(conversationId).setContext(context)
          .setBody(new VisitorRead(0L)).setChannel(Platform.zendesk_sunco).setChannelConnectionId(channel).build();
      HandoverRequested handover = HandoverRequested.newBuilder().setEventId(id(seed + "#handover"))
          .setOccurredAt(now).setTenant(known.getTenant()).setConversationId(conversationId)
          .setPlatform(Platform.zendesk_support).setConnectionId(connection)
          .setPayload(ZendeskSupportHandover.newBuilder().setTicketId(Long.toString(ticketId))
              .setSubject(ticket.path("subject").asText(null)).setName(name).setEmail(email).build())
          .setContext(context).setTranscript(List.of())
          .setConnection(ConnectionSnapshot.newBuilder().setConnectionId(connection).setTenant(known.getTenant())
              .setPlatform(Platform.zendesk_support).setEnabled(known.getEnabled())
              .setStatus(ConnectionStatus.active).setSettings(known.getSettings()).build())
          .build();
      String key = known.getTenant() + "/" + conversationId;
      return writes.write(List.of(input(key, where), input(key, handover))).thenApply(x -> true);
    }).thenCompose(written -> !written ? CompletableFuture.completedFuture(null)
        : calls.call(connection, "PUT /tickets/{id}", () -> client.call(account, "PUT", "/tickets/" + ticketId,
            Map.of("ticket", Map.of("additional_tags", List.of(SupportTriggers.TAG, SupportTriggers.LINKED_TAG)))))
            .thenRun(() -> log.info("ticket {} of {} is linked to the requester's SunCo conversation", ticketId,
                connection)));
  }

  /**
   * Why {@code channel} may not carry this tenant's agent-initiated conversations (null: it may): it must be a
   * {@code zendesk_sunco} connection of the same tenant, or a Support connection would write into another tenant's
   * conversations. Says nothing of the other tenant.
   */
  static String foreignChannel(String channel, String tenant, SuncoConversations sunco) {
    java.util.Optional<String> owner = sunco.tenantOf(channel);
    if (owner.isEmpty()) {
      return "'" + CHANNEL_SETTING + "' is " + channel + ", which is no zendesk_sunco connection this connector "
          + "knows (another platform's, deleted, disabled before it was read, or not read yet)";
    }
    if (tenant == null || !owner.get().equals(tenant)) {
      return "'" + CHANNEL_SETTING + "' is " + channel + ", a zendesk_sunco connection of another tenant: a Support "
          + "connection reaches only its own tenant's conversations";
    }
    return null;
  }

  private static ProducerRecord<byte[], byte[]> input(String key, org.apache.avro.specific.SpecificRecord input) {
    String topic = Topics.CONVERSATION_INPUTS.name();
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
        Topics.CONVERSATION_INPUTS.valueSerde().serializer().serialize(topic, ConversationInputs.of(input)));
  }

  private static String id(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
