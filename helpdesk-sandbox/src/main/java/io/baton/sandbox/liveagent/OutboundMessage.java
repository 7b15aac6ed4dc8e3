package io.baton.sandbox.liveagent;

import java.util.Map;

/**
 * A message waiting in a session's outbox for the visitor's long poll, numbered so that
 * {@code ack=N} can drop everything up to N and anything later is redelivered.
 */
record OutboundMessage(long sequence, String type, Map<String, Object> message) {
}
