package io.baton.connector.misc.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What getMessages' system messages mean for the visitor, in sequence order, each at most once (a message at or
 * below the last relayed sequence number is a repeat). Event seeds are the message's sequence number, so a poll
 * answer written again after a crash gives the same event ids. The engagement's state (its agents, the visitor's own
 * participant id, the queue position) moves as the messages are read.
 */
final class OracleSystemMessages {
  private static final Logger log = LoggerFactory.getLogger(OracleSystemMessages.class);

  static final String WAIT = "RNEngagementWaitInformationChangedMessage";
  static final String ADDED = "RNEngagementParticipantAddedMessage";
  static final String POSTED = "RNEngagementMessagePostedMessage";
  static final String ACTIVITY = "RNEngagementActivityChangedMessage";
  static final String LEFT = "RNEngagementParticipantLeftMessage";
  static final String CONCLUDED = "RNEngagementConcludedMessage";
  static final String CONFIGURATION = "RNEngagementConfigurationChangedMessage";

  private OracleSystemMessages() {}

  /** The messages of one answer, sorted by sequence number (Oracle's order, whatever the array's). */
  static List<JsonNode> sorted(JsonNode answer) {
    List<JsonNode> messages = new ArrayList<>();
    answer.path("systemMessages").forEach(messages::add);
    messages.sort(Comparator.comparingLong(OracleSystemMessages::sequence));
    return messages;
  }

  static long sequence(JsonNode m) {
    JsonNode n = m.get("sequenceNumber");
    if (n == null || n.isNull()) {
      n = m.get("sequenceNumberString");
    }
    return n == null ? -1 : n.asLong(-1);
  }

  /**
   * The agent events of one answer's messages; {@code ended} gives the ChatEnded of an end the platform made, or null
   * when it is the echo of our own conclude ({@code Chat#endedByPlatform}).
   */
  static List<ChatWrite.Event> events(OracleEngagement e, List<JsonNode> messages,
      BiFunction<EndedBy, String, SpecificRecord> ended) {
    List<ChatWrite.Event> events = new ArrayList<>();
    boolean concludes = messages.stream().anyMatch(m -> CONCLUDED.equals(m.path("messageName").asText()));
    for (JsonNode m : messages) {
      long sequence = sequence(m);
      if (sequence <= e.lastSequence) {
        continue; // handed out again: relayed already
      }
      map(e, m, "m-" + sequence, concludes, ended, events);
      e.lastSequence = sequence;
    }
    return events;
  }

  private static void map(OracleEngagement e, JsonNode m, String seed, boolean concludes,
      BiFunction<EndedBy, String, SpecificRecord> ended, List<ChatWrite.Event> events) {
    String name = m.path("messageName").asText();
    String client = text(m, "clientId", "clientIdString");
    switch (name) {
      case WAIT -> {
        Integer position = count(m, "position");
        Integer wait = count(m, "expectedWaitTimeSeconds");
        String queued = position + "/" + wait;
        if (!queued.equals(e.lastQueued)) {
          e.lastQueued = queued;
          events.add(new ChatWrite.Event(seed, new ChatQueued(position, wait)));
        }
      }
      case ADDED -> {
        if (!agent(m)) {
          if (e.clientId == null && client != null) {
            e.clientId = client; // the visitor: their own messages come back in the poll
          }
          return;
        }
        String agent = m.path("name").asText("Agent");
        synchronized (e) {
          e.agents.put(client == null ? seed : client, agent);
        }
        e.lastQueued = null;
        e.agentTyping = false;
        if (e.transferring) {
          e.transferring = false;
          events.add(new ChatWrite.Event(seed, new ChatTransferred(agent, client)));
        } else {
          events.add(new ChatWrite.Event(seed, new AgentJoined(agent, client)));
        }
        String greeting = m.path("greeting").asText("");
        if (!greeting.isBlank()) {
          events.add(new ChatWrite.Event(seed + "-greeting", new AgentMessage(greeting, agent, List.of())));
        }
      }
      case POSTED -> {
        String agent = e.agentName(client);
        if (agent == null && (client == null || client.equals(e.clientId) || visitorRole(m))) {
          return; // the visitor's own message (or the transcript) coming back
        }
        e.agentTyping = false;
        // A participant who is neither the visitor nor a known agent: Oracle's own notices (a blocked message).
        events.add(new ChatWrite.Event(seed, new AgentMessage(m.path("body").asText(""), agent, List.of())));
      }
      case ACTIVITY -> {
        if (e.agentName(client) == null) {
          return; // the visitor's activity (our own typing) or an unknown participant's
        }
        boolean typing = "RESPONDING".equalsIgnoreCase(m.path("mode").asText());
        if (typing != e.agentTyping) {
          e.agentTyping = typing;
          events.add(new ChatWrite.Event(seed, new AgentTyping(typing)));
        }
      }
      case LEFT -> {
        String agent;
        synchronized (e) {
          agent = client == null ? null : e.agents.remove(client);
        }
        if (agent == null && !agent(m)) {
          return; // the visitor left: the end of our own conclude, or the concluded message says it
        }
        e.agentTyping = false;
        String reason = m.path("disconnectReason").asText("").toUpperCase(Locale.ROOT);
        if (reason.equals("TRANSFERRED_TO_AGENT")) { // [guess: the docs list no reasons]
          e.transferring = true; // the next agent added is the transfer's target
        } else if (!concludes) {
          events.add(new ChatWrite.Event(seed, new AgentLeft(agent)));
          if (e.agents.isEmpty()) { // back in the queue: the visitor is told, as when first queued
            e.lastQueued = "null/null";
            events.add(new ChatWrite.Event(seed + "-queued", new ChatQueued(null, null)));
          }
        }
      }
      case CONCLUDED -> {
        String reason = text(m, "reason", null);
        // TERMINATED: Oracle's abuse rules ended it [guess: the simulator's reason; the docs list none].
        EndedBy by = "TERMINATED".equalsIgnoreCase(reason) ? EndedBy.failure : endedBy(m.path("role").asText(""));
        SpecificRecord end = ended.apply(by, reason);
        if (end != null) {
          events.add(new ChatWrite.Event(seed, end));
        }
      }
      case CONFIGURATION -> {
        String pool = text(m, "pool", null);
        if (pool != null) {
          e.pool = pool; // the docs: the pool may change through this message
        }
      }
      default -> log.debug("{}: ignoring Oracle system message {}", e, name);
    }
  }

  /** AGENT (or LEAD) ends as the agent's; END_USER as the visitor's; anything else (SYSTEM) as a timeout. */
  static EndedBy endedBy(String role) {
    String r = role.toUpperCase(Locale.ROOT);
    if (r.contains("AGENT") || r.equals("LEAD")) {
      return EndedBy.agent;
    }
    return r.contains("END_USER") || r.contains("CONSUMER") || r.contains("ENDUSER") ? EndedBy.visitor
        : EndedBy.timeout;
  }

  /** An agent's role: LEAD (the agent who has the chat), AGENT, CONFEREE...; not END_USER or SYSTEM. */
  private static boolean agent(JsonNode m) {
    String role = m.path("role").asText("").toUpperCase(Locale.ROOT);
    return !role.isEmpty() && !role.equals("SYSTEM") && endedBy(role) != EndedBy.visitor;
  }

  private static boolean visitorRole(JsonNode m) {
    return endedBy(m.path("role").asText("")) == EndedBy.visitor;
  }

  private static Integer count(JsonNode m, String field) {
    JsonNode v = m.get(field);
    return v == null || v.isNull() || v.asInt(-1) < 0 ? null : v.asInt();
  }

  private static String text(JsonNode m, String field, String twin) {
    JsonNode v = m.get(field);
    if ((v == null || v.isNull()) && twin != null) {
      v = m.get(twin);
    }
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
