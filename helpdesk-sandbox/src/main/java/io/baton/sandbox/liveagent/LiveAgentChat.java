package io.baton.sandbox.liveagent;

import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one chat (one Chasitor session that sent ChasitorInit), as the agent sees it.
 *
 * @param sessionId       the {@code id} from {@code System/SessionId} (never the secret key)
 * @param agentName       the accepting agent, null while queued
 * @param queuePosition   1-based position in the button's queue while QUEUED, 0 otherwise
 * @param prechatDetails  CustomDetail objects exactly as the visitor sent them
 * @param prechatEntities Entity objects exactly as the visitor sent them
 * @param visitorTyping   last ChasitorTyping/ChasitorNotTyping state
 * @param endedBy         null while open (or when the request failed), else "visitor", "agent" or "timeout"
 */
public record LiveAgentChat(
    String sessionId,
    ChatStatus status,
    String organizationId,
    String deploymentId,
    String buttonId,
    String visitorName,
    String language,
    String userAgent,
    String screenResolution,
    String agentName,
    int queuePosition,
    List<Map<String, Object>> prechatDetails,
    List<Map<String, Object>> prechatEntities,
    List<TranscriptLine> transcript,
    boolean visitorTyping,
    String endedBy) {

  public static final String ENDED_BY_VISITOR = "visitor";
  public static final String ENDED_BY_AGENT = "agent";
  public static final String ENDED_BY_TIMEOUT = "timeout";

  public LiveAgentChat {
    prechatDetails = List.copyOf(prechatDetails);
    prechatEntities = List.copyOf(prechatEntities);
    transcript = List.copyOf(transcript);
  }
}
