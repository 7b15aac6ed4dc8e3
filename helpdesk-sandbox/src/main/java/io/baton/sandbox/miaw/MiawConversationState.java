package io.baton.sandbox.miaw;

import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.miaw.MiawSimulator.Conversation;
import io.baton.sandbox.miaw.MiawSimulator.Line;
import io.baton.sandbox.miaw.MiawSimulator.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The mutable state of one MIAW conversation; guarded by the simulator's lock, published as {@link Conversation}. */
final class MiawConversationState {
  final String id;
  final MiawEventStreams.Visitor visitor;
  final Map<String, String> routingAttributes;
  Status status = Status.ROUTING;
  String agentName;
  final List<Line> transcript = new ArrayList<>();
  /** When each transcript line was said. */
  final List<Instant> said = new ArrayList<>();
  /** Since when it waits to be routed to an agent. */
  Instant waitingSince = Instant.now();
  final Set<String> messageIds = ConcurrentHashMap.newKeySet();
  boolean visitorTyping;
  /** Its conversation entries (messages, participant changes), oldest first, as {@code conversation/{id}/entries}. */
  final List<Map<String, Object>> entries = new ArrayList<>();

  MiawConversationState(String id, MiawEventStreams.Visitor visitor, Map<String, String> routingAttributes) {
    this.id = id;
    this.visitor = visitor;
    this.routingAttributes = routingAttributes;
  }

  Conversation snapshot() {
    return new Conversation(id, visitor.orgId, visitor.esDeveloperName, Map.copyOf(routingAttributes), status,
        agentName, List.copyOf(transcript), visitorTyping);
  }

  void add(Line line) {
    transcript.add(line);
    said.add(Instant.now());
  }

  DeskChat deskChat() {
    DeskStatus deskStatus = switch (status) {
      case ROUTING -> DeskStatus.QUEUED;
      case ACTIVE -> DeskStatus.ACTIVE;
      case CLOSED -> DeskStatus.ENDED;
    };
    String visitorName = routingAttributes.getOrDefault("visitorName", routingAttributes.get("name"));
    List<DeskLine> lines = new ArrayList<>();
    for (int i = 0; i < transcript.size(); i++) {
      lines.add(new DeskLine(transcript.get(i).from(), transcript.get(i).text(), said.get(i)));
    }
    return new DeskChat(MiawSimulator.NAME, id, deskStatus, status == Status.ROUTING ? waitingSince : null, agentName,
        visitorName, new TreeMap<>(routingAttributes), lines);
  }
}
