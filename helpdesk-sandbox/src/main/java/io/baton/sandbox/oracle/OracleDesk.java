package io.baton.sandbox.oracle;

import static io.baton.sandbox.oracle.OracleSystemMessages.ROLE_LEAD;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.oracle.OracleEngagement.State;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * B2C Service's chat agents on the agent desk, each action the system messages the end user then polls: accept =
 * participant added (name, greeting, role LEAD); say = message posted; typing = activity changed (RESPONDING /
 * LISTENING); leave = participant left (TRANSFERRED_TO_QUEUE) and the engagement queued again; transfer =
 * participant left (TRANSFERRED_TO_AGENT [guess]) and the other agent added; end = concluded (AGENT_CONCLUDED, role
 * AGENT). While queued, the end user is told its position and expected wait whenever they change.
 */
final class OracleDesk {
  private final OracleEngagements engagements;
  private final Desk desk;

  OracleDesk(OracleEngagements engagements) {
    this.engagements = engagements;
    this.desk = Desk.of(OracleChatSimulator.NAME, this::chats, this::chat)
        .accept((id, name) -> act(id, State.QUEUED, (e, d) -> join(e, name, d)))
        .say((id, text) -> act(id, State.ACTIVE, (e, d) -> {
          if (text == null || text.isBlank()) {
            throw new DeskException(400, "text is required");
          }
          e.transcript.add(new DeskLine(DeskLine.AGENT, text, Instant.now()));
          engagements.emit(e, OracleSystemMessages.messagePosted(text), e.agentClientId, d);
        }))
        .typing((id, on) -> act(id, State.ACTIVE, (e, d) -> engagements.emit(e,
            OracleSystemMessages.activityChanged(on ? "RESPONDING" : "LISTENING"), e.agentClientId, d)))
        .leave(id -> act(id, State.ACTIVE, (e, d) -> {
          engagements.emit(e, OracleSystemMessages.participantLeft(ROLE_LEAD,
              OracleSystemMessages.TRANSFERRED_TO_QUEUE), e.agentClientId, d);
          e.transcript.add(new DeskLine(DeskLine.SYSTEM, e.agentName + " left; back in the queue", Instant.now()));
          e.state = State.QUEUED;
          e.agentName = null;
          e.waitingSince = Instant.now();
          engagements.reposition(d);
        }))
        .transfer((id, name) -> act(id, State.ACTIVE, (e, d) -> {
          if (name.equals(e.agentName)) {
            throw new DeskException(409, "engagement " + id + " is already " + name + "'s");
          }
          engagements.emit(e, OracleSystemMessages.participantLeft(ROLE_LEAD,
              OracleSystemMessages.TRANSFERRED_TO_AGENT), e.agentClientId, d);
          join(e, name, d);
        }))
        .end(id -> act(id, State.ACTIVE, (e, d) -> engagements.conclude(e, OracleSystemMessages.AGENT_CONCLUDED,
            OracleSystemMessages.ROLE_AGENT, e.agentClientId, d)))
        .refusals(e -> e instanceof OracleError err
            ? new DeskException(err.status() == 404 ? 404 : 409, err.getMessage()) : null)
        .build();
  }

  AgentDesk desk() {
    return desk;
  }

  /** What the desk shows an agent joining with: [guess] B2C Service's default greeting is configurable. */
  static String greeting(String agentName) {
    return "Hi, my name is " + agentName + ". How can I help you?";
  }

  private void join(OracleEngagement e, String name, List<Runnable> d) {
    e.state = State.ACTIVE;
    e.agentName = name;
    e.agentClientId = engagements.newClientId();
    e.waitingSince = null;
    e.toldPosition = 0;
    String greeting = greeting(name);
    e.transcript.add(new DeskLine(DeskLine.AGENT, greeting, Instant.now()));
    engagements.emit(e, OracleSystemMessages.participantAdded(name, greeting, ROLE_LEAD), e.agentClientId, d);
    engagements.reposition(d);
  }

  private interface Action {
    void run(OracleEngagement e, List<Runnable> deliveries);
  }

  private void act(String id, State needed, Action action) {
    engagements.locked(d -> {
      OracleEngagement e = engagement(id).orElseThrow(() -> DeskException.notFound(OracleChatSimulator.NAME, id));
      if (e.state != needed) {
        throw new DeskException(409, "engagement " + id + " is " + status(e) + ", not " + needed);
      }
      action.run(e, d);
      return null;
    });
  }

  private Optional<OracleEngagement> engagement(String id) {
    try {
      return engagements.find(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private List<DeskChat> chats() {
    return engagements.locked(d -> engagements.all().stream().map(OracleDesk::view).toList());
  }

  private Optional<DeskChat> chat(String id) {
    return engagements.locked(d -> engagement(id).map(OracleDesk::view));
  }

  static DeskStatus status(OracleEngagement e) {
    return switch (e.state) {
      case QUEUED -> DeskStatus.QUEUED;
      case ACTIVE -> DeskStatus.ACTIVE;
      case CONCLUDED -> DeskStatus.ENDED;
    };
  }

  private static DeskChat view(OracleEngagement e) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("Name", e.visitorName());
    e.sessionInformation.fields().forEachRemaining(field -> {
      if (!field.getKey().equals("firstName") && !field.getKey().equals("lastName")) {
        context.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText()
            : field.getValue().toString());
      }
    });
    context.put("Session", e.sessionId);
    context.put("Visitor activity", e.endUserMode);
    return new DeskChat(OracleChatSimulator.NAME, Long.toString(e.engagementId), status(e),
        e.state == State.QUEUED ? e.waitingSince : null, e.agentName, e.visitorName(), context, e.transcript);
  }
}
