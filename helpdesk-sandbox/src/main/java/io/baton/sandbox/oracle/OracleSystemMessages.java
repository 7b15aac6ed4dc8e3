package io.baton.sandbox.oracle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The system messages {@code getMessages} hands out, field for field as the "Get system messages" page lists them:
 * every one has {@code messageName, createdTime, sequenceNumber, engagementId, clientId} and the numeric ids' String
 * twins; the rest are the message's own fields. Values the docs leave open are marked [guess] in the README.
 */
final class OracleSystemMessages {
  static final String WAIT_INFORMATION_CHANGED = "RNEngagementWaitInformationChangedMessage";
  static final String PARTICIPANT_ADDED = "RNEngagementParticipantAddedMessage";
  static final String MESSAGE_POSTED = "RNEngagementMessagePostedMessage";
  static final String ACTIVITY_CHANGED = "RNEngagementActivityChangedMessage";
  static final String PARTICIPANT_LEFT = "RNEngagementParticipantLeftMessage";
  static final String CONCLUDED = "RNEngagementConcludedMessage";

  static final String ROLE_LEAD = "LEAD";
  static final String ROLE_AGENT = "AGENT";
  static final String ROLE_END_USER = "END_USER";
  static final String ROLE_SYSTEM = "SYSTEM";
  static final String AGENT_CONCLUDED = "AGENT_CONCLUDED";
  static final String END_USER_CONCLUDED = "END_USER_CONCLUDED";
  static final String TERMINATED = "TERMINATED";
  static final String PARTICIPANT_LEFT_REASON = "PARTICIPANT_LEFT";
  static final String TRANSFERRED_TO_QUEUE = "TRANSFERRED_TO_QUEUE";
  static final String TRANSFERRED_TO_AGENT = "TRANSFERRED_TO_AGENT";
  /** The client id of what the chat server itself says (termination notices) [guess]. */
  static final long SYSTEM_CLIENT_ID = 0;

  private OracleSystemMessages() {
  }

  static Map<String, Object> waitInformation(int position, long expectedWaitSeconds, long averageWaitSeconds) {
    Map<String, Object> m = named(WAIT_INFORMATION_CHANGED);
    m.put("position", position);
    m.put("positionString", Integer.toString(position));
    m.put("expectedWaitTimeSeconds", expectedWaitSeconds);
    m.put("expectedWaitTimeSecondsString", Long.toString(expectedWaitSeconds));
    m.put("averageWaitTimeSeconds", averageWaitSeconds);
    m.put("averageWaitTimeSecondsString", Long.toString(averageWaitSeconds));
    return m;
  }

  static Map<String, Object> participantAdded(String name, String greeting, String role) {
    Map<String, Object> m = named(PARTICIPANT_ADDED);
    m.put("name", name);
    m.put("greeting", greeting);
    m.put("role", role);
    return m;
  }

  static Map<String, Object> messagePosted(String body) {
    Map<String, Object> m = named(MESSAGE_POSTED);
    m.put("body", body);
    m.put("richText", false);
    m.put("offTheRecord", false);
    return m;
  }

  static Map<String, Object> activityChanged(String mode) {
    Map<String, Object> m = named(ACTIVITY_CHANGED);
    m.put("mode", mode);
    m.put("sneakPreviewState", "DISABLED");
    m.put("sneakPreviewInterval", 0L);
    m.put("sneakPreviewIntervalString", "0");
    m.put("sneakPreview", "");
    m.put("sneakPreviewFocus", false);
    return m;
  }

  static Map<String, Object> participantLeft(String role, String disconnectReason) {
    Map<String, Object> m = named(PARTICIPANT_LEFT);
    m.put("role", role);
    m.put("disconnectReason", disconnectReason);
    return m;
  }

  static Map<String, Object> concluded(String reason, String role) {
    Map<String, Object> m = named(CONCLUDED);
    m.put("reason", reason);
    m.put("role", role);
    return m;
  }

  /** The fields every system message has, added when it is queued for the end user. */
  static void stamp(Map<String, Object> m, Instant created, long sequence, long engagementId, long clientId) {
    m.put("createdTime", created.toString());
    m.put("sequenceNumber", sequence);
    m.put("sequenceNumberString", Long.toString(sequence));
    m.put("engagementId", engagementId);
    m.put("engagementIdString", Long.toString(engagementId));
    m.put("clientId", clientId);
    m.put("clientIdString", Long.toString(clientId));
  }

  private static Map<String, Object> named(String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messageName", name);
    return m;
  }
}
