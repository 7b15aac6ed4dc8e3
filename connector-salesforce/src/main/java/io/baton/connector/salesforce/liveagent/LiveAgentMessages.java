package io.baton.connector.salesforce.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.polling.LongPoll;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code System/Messages} answer as agent events: {@code ChatRequestSuccess}/{@code QueueUpdate} become
 * {@code ChatQueued}, {@code ChatEstablished} {@code AgentJoined}, {@code ChatMessage} {@code AgentMessage}, typing
 * {@code AgentTyping}, {@code ChatTransferred}, {@code AgentDisconnect} {@code AgentLeft} (the agent's name) and
 * {@code ChatQueued} (the chat waits in the queue again), {@code ChatEnded} and
 * {@code ChatRequestFail} the end of the chat. Each event's seed is {@code poll-<ack>-<index>}: the ack the answer
 * follows and its place in it, so the same answer polled again after a restart gives the same event ids.
 */
final class LiveAgentMessages {
  private static final Logger log = LoggerFactory.getLogger(LiveAgentMessages.class);

  private LiveAgentMessages() {}

  /** The answer's events and the link with its ack and offset, one write; the session moves to them after it. */
  static LongPoll.Answer answer(Chat<LiveAgentSession> chat, LiveAgentLinkCodec codec, String body,
      String pollAffinity, Consumer<Chat<LiveAgentSession>> sessionData) {
    LiveAgentSession session = chat.state();
    JsonNode json = LiveAgentClient.parse(body);
    long ack = session.ack;
    List<ChatWrite.Event> events = new ArrayList<>();
    int index = 0;
    for (JsonNode m : json.path("messages")) {
      String type = m.path("type").asText();
      if (type.equals("ChasitorSessionData") && session.sessionDataArrived(pollAffinity)) {
        sessionData.accept(chat); // the affinity change is handled: the session's requests may go on
      }
      SpecificRecord event = toAgentEvent(chat, type, m.path("message"));
      if (event != null) {
        events.add(new ChatWrite.Event("poll-" + ack + "-" + index, event));
      }
      if (type.equals("AgentDisconnect") && !session.queueUpdates) {
        // Live Agent puts the chat back in its button's queue; without QueueUpdates to say so, this tells the visitor.
        events.add(new ChatWrite.Event("poll-" + ack + "-" + index + "-queued", new ChatQueued(null, null)));
      }
      index++;
    }
    long sequence = json.path("sequence").asLong(ack);
    long offset = json.path("messages").size() > 0 ? json.path("offset").asLong(session.offset) : session.offset;
    return LongPoll.Answer.write(() -> ChatWrite.events(events).withLink(codec.encode(session, sequence, offset)),
        () -> {
          session.ack = sequence;
          session.offset = offset;
        });
  }

  private static SpecificRecord toAgentEvent(Chat<LiveAgentSession> chat, String type, JsonNode m) {
    LiveAgentSession session = chat.state();
    switch (type) {
      case "ChatRequestSuccess" -> {
        session.requestAccepted.complete(null);
        return new ChatQueued(intOrNull(m, "queuePosition"), intOrNull(m, "estimatedWaitTime"));
      }
      case "QueueUpdate" -> {
        return new ChatQueued(intOrNull(m, "position"), intOrNull(m, "estimatedWaitTime"));
      }
      case "ChatEstablished" -> {
        session.established = true;
        session.requestAccepted.complete(null);
        session.agentName = m.path("name").asText("Agent");
        return new AgentJoined(session.agentName, textOrNull(m, "userId"));
      }
      case "ChatMessage" -> {
        return new AgentMessage(m.path("text").asText(), textOrNull(m, "name"), List.of());
      }
      case "AgentTyping" -> {
        return new AgentTyping(true);
      }
      case "AgentNotTyping" -> {
        return new AgentTyping(false);
      }
      case "AgentDisconnect" -> {
        // The session stays: Live Agent may route the chat to another agent, who then sends ChatEstablished.
        session.established = false;
        return new AgentLeft(session.agentName);
      }
      case "ChatTransferred" -> {
        session.agentName = textOrNull(m, "name");
        return new ChatTransferred(session.agentName, textOrNull(m, "userId"));
      }
      case "FileTransfer" -> {
        return fileTransfer(session, m);
      }
      case "ChatEnded" -> {
        stopWaitingForRequest(session);
        return chat.endedByPlatform(EndedBy.agent, textOrNull(m, "reason"));
      }
      case "ChatRequestFail" -> {
        stopWaitingForRequest(session);
        return chat.failedByPlatform("Live Agent refused the chat: " + m.path("reason").asText("unknown reason"));
      }
      default -> {
        // ChasitorSessionData after a reconnect repeats what was already relayed; nothing new to tell.
        log.debug("{}: ignoring Live Agent message {}", chat, type);
        return null;
      }
    }
  }

  /**
   * The agent's FileTransfer: {@code Requested} opens a request (its token and upload servlet are kept for the
   * visitor's next attachment) and tells the visitor what to do; {@code Canceled} closes it; the outcome of our own
   * upload ({@code Success}, {@code Failure}) says nothing new.
   */
  private static SpecificRecord fileTransfer(LiveAgentSession session, JsonNode m) {
    String kind = m.path("type").asText();
    String agent = session.agentName == null ? "The agent" : session.agentName;
    synchronized (session) {
      if (kind.equals("Requested") && m.hasNonNull("fileToken") && m.hasNonNull("uploadServletUrl")) {
        session.fileToken = m.get("fileToken").asText();
        session.uploadServletUrl = m.get("uploadServletUrl").asText();
        return new AgentMessage(agent + " asked you for a file: attach one file (up to "
            + LiveAgentFiles.MAX_UPLOAD_BYTES / (1024 * 1024) + " MB) to your next message in this chat.",
            session.agentName, List.of());
      }
      if (kind.equals("Canceled") || kind.equals("Cancelled")) {
        session.fileToken = null;
        session.uploadServletUrl = null;
        return new AgentMessage(agent + " no longer needs the file.", session.agentName, List.of());
      }
    }
    log.debug("FileTransfer {}: nothing to tell the visitor", kind);
    return null;
  }

  /** The chat ended before (or after) ChatRequestSuccess: commands waiting for it fail rather than wait forever. */
  static void stopWaitingForRequest(LiveAgentSession session) {
    session.requestAccepted.completeExceptionally(new IllegalStateException("the Live Agent chat has ended"));
  }

  private static Integer intOrNull(JsonNode m, String field) {
    JsonNode v = m.get(field);
    return v == null || v.isNull() || v.asInt(-1) < 0 ? null : v.asInt();
  }

  private static String textOrNull(JsonNode m, String field) {
    JsonNode v = m.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
