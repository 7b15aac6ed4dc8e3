package io.baton.analytics.transcript;

import io.baton.analytics.HumanDuration;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.ConversationEvent;
import io.baton.events.DeliveryFailed;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.InputRejected;
import io.baton.events.QuickReply;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation's log as a transcript a person reads: who said what, when ({@code visitor:}, {@code bot:}, the
 * agent by name), and {@code *} lines for what happened (handover requested, queued, agent joined, left or
 * transferred, ended by whom, the handover's outcome with its queue wait). Typing and read receipts are left out.
 * Fed the events in sequence order; it remembers the live handover to say how long the visitor waited.
 */
public final class TranscriptRendering {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final String INDENT = " ".repeat(10);
  private final ZoneId zone;
  private LocalDate day;
  private Instant requestedAt;
  private Instant joinedAt;
  private String agent;

  public TranscriptRendering(ZoneId zone) {
    this.zone = zone;
  }

  /** The lines of one event: a day line when the day changed, then the event's, if it shows. */
  public List<String> lines(ConversationEvent event) {
    List<String> said = said(event);
    List<String> lines = new ArrayList<>();
    if (said.isEmpty()) {
      return lines;
    }
    LocalDate today = event.getOccurredAt().atZone(zone).toLocalDate();
    if (!today.equals(day)) {
      day = today;
      lines.add("--- " + today + " ---");
    }
    String time = TIME.format(event.getOccurredAt().atZone(zone)) + "  ";
    for (String text : said) {
      lines.add(time + text.replace("\n", "\n" + INDENT));
    }
    return lines;
  }

  private List<String> said(ConversationEvent event) {
    Object body = event.getBody();
    Instant at = event.getOccurredAt();
    if (body instanceof VisitorMessage m) {
      return List.of("visitor: " + m.getText() + files(m.getAttachments()));
    } else if (body instanceof BotMessage m) {
      StringBuilder replies = new StringBuilder();
      for (QuickReply r : m.getQuickReplies()) {
        replies.append(" [").append(r.getTitle()).append(']');
      }
      return List.of("bot: " + m.getText() + replies + files(m.getAttachments()));
    } else if (body instanceof AgentMessage m) {
      String name = m.getAgentName() != null ? m.getAgentName() : agent != null ? agent : "agent";
      return List.of(name + ": " + m.getText() + files(m.getAttachments()));
    } else if (body instanceof HandoverStarted started) {
      requestedAt = at;
      joinedAt = null;
      agent = null;
      return List.of("* handover requested: " + started.getPlatform()
          + (started.getConnectionId() == null ? "" : " (connection " + started.getConnectionId() + ")"));
    } else if (body instanceof ChatQueued q) {
      List<String> parts = new ArrayList<>();
      if (q.getPosition() != null) {
        parts.add("position " + q.getPosition());
      }
      if (q.getEstimatedWaitSeconds() != null) {
        parts.add("estimated wait " + HumanDuration.of(q.getEstimatedWaitSeconds() * 1000L));
      }
      return List.of("* queued" + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)));
    } else if (body instanceof AgentJoined joined) {
      return List.of("* " + joining(joined.getAgentName(), at) + " joined" + waited(at));
    } else if (body instanceof ChatTransferred transferred) {
      String to = transferred.getAgentName();
      String joinedLine = joining(to, at);
      return List.of("* transferred to " + (to == null ? "another agent" : joinedLine) + waited(at));
    } else if (body instanceof AgentLeft left) {
      String who = left.getAgentName() != null ? left.getAgentName() : agent != null ? agent : "the agent";
      agent = null;
      return List.of("* " + who + " left; waiting for another agent");
    } else if (body instanceof VisitorLeft left) {
      return List.of("* the visitor left" + (left.getReason() == null ? "" : " (" + left.getReason() + ")"));
    } else if (body instanceof ChatEnded ended) {
      return List.of("* chat ended by " + by(ended.getEndedBy())
          + (ended.getReason() == null ? "" : ": " + ended.getReason()), "* handover outcome: " + outcome(ended, at));
    } else if (body instanceof HandoverFailed failed) {
      return List.of("* handover failed: " + failed.getReason());
    } else if (body instanceof HandoverRejected rejected) {
      return List.of("* handover request rejected: " + rejected.getReason());
    } else if (body instanceof ControlReturnedToBot back) {
      requestedAt = null;
      return List.of("* back with the bot (" + back.getReason() + ")");
    } else if (body instanceof DeliveryFailed failed) {
      return List.of("* not delivered: " + failed.getReason());
    } else if (body instanceof InputRejected rejected) {
      return List.of("* " + rejected.getInput() + " not accepted: " + rejected.getReason());
    }
    return List.of(); // typing, read receipts
  }

  /** An agent joins (or takes a transfer): the first one's join ends the queue wait. */
  private String joining(String name, Instant at) {
    agent = name;
    if (joinedAt == null) {
      joinedAt = at;
    }
    return name == null ? "an agent" : name;
  }

  private String waited(Instant at) {
    return requestedAt == null || !joinedAt.equals(at) ? ""
        : " after " + HumanDuration.of(at.toEpochMilli() - requestedAt.toEpochMilli()) + " in the queue";
  }

  private String outcome(ChatEnded ended, Instant at) {
    EndedBy by = ended.getEndedBy();
    if (by == EndedBy.failure) {
      return "failed" + (ended.getReason() == null ? "" : " (" + ended.getReason() + ")");
    }
    long since = requestedAt == null ? -1 : at.toEpochMilli() - requestedAt.toEpochMilli();
    if (joinedAt == null) {
      String after = since < 0 ? "" : " after " + HumanDuration.of(since);
      return (by == EndedBy.visitor || by == EndedBy.timeout ? "abandoned in the queue"
          : "ended before an agent joined")
          + after;
    }
    String waited = requestedAt == null ? ""
        : ", after " + HumanDuration.of(joinedAt.toEpochMilli() - requestedAt.toEpochMilli()) + " in the queue";
    return "served" + waited + "; " + HumanDuration.of(at.toEpochMilli() - joinedAt.toEpochMilli())
        + " with an agent";
  }

  private static String by(EndedBy by) {
    return switch (by) {
      case agent -> "the agent";
      case visitor -> "the visitor";
      case bot -> "the bot";
      case timeout -> "a timeout";
      case failure -> "a failure";
    };
  }

  private static String files(List<Attachment> attachments) {
    StringBuilder s = new StringBuilder();
    for (Attachment a : attachments) {
      s.append(" [file ").append(a.getName()).append(": ").append(a.getUrl()).append(']');
    }
    return s.toString();
  }
}
