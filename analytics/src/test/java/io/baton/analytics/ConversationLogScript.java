package io.baton.analytics;

import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One conversation's log as the router writes it: sequences 1, 2, 3, ..., the live handover's id and platform on
 * each event while it lasts (on its ChatEnded or HandoverFailed and the ControlReturnedToBot after it too).
 */
public final class ConversationLogScript {
  private final String tenant;
  private final String conversationId;
  private final List<ConversationEvent> events = new ArrayList<>();
  private String handoverId;
  private Platform platform;
  private long sequence;

  public ConversationLogScript(String tenant, String conversationId) {
    this.tenant = tenant;
    this.conversationId = conversationId;
  }

  public String key() {
    return tenant + "/" + conversationId;
  }

  /** An event at {@code at}, caused by input {@code cause}. */
  public ConversationEvent at(Instant at, String cause, SpecificRecord body) {
    if (body instanceof HandoverStarted started) {
      handoverId = cause;
      platform = started.getPlatform();
    }
    ConversationEvent event = ConversationEvent.newBuilder().setEventId("e-" + conversationId + "-" + (sequence + 1))
        .setOccurredAt(at).setTenant(tenant).setConversationId(conversationId).setSequence(++sequence)
        .setCausationId(cause).setController(handoverId == null ? Controller.bot : Controller.agent)
        .setStatus(handoverId == null ? ConversationStatus.bot : ConversationStatus.agent_connected)
        .setHandoverId(handoverId).setPlatform(platform).setBody(body).build();
    events.add(event);
    return event;
  }

  /** The handover is over: events after this one carry none (its ControlReturnedToBot still does). */
  public ConversationEvent backToBot(Instant at, String cause, SpecificRecord controlReturned) {
    ConversationEvent event = at(at, cause, controlReturned);
    handoverId = null;
    platform = null;
    return event;
  }

  public List<ConversationEvent> events() {
    return List.copyOf(events);
  }
}
