package io.baton.connector.testkit;

import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The StartChat a router sends a connector for a seeded handover: the request as the ingress made it. */
public final class HandoverSeeds {
  /** The bot's transcript most tests hand over: the visitor asks, the bot answers a second later. */
  public static final List<TranscriptEntry> TRANSCRIPT = List.of(
      new TranscriptEntry(TranscriptRole.visitor, "I need a human", Instant.EPOCH),
      new TranscriptEntry(TranscriptRole.bot, "Connecting you to an agent", Instant.EPOCH.plusSeconds(1)));

  private HandoverSeeds() {}

  /**
   * A StartChat of tenant acme with a fresh event id (the conversation id is the router's to set).
   *
   * @param payload the platform's handover record ({@code KustomerHandover}, ...)
   */
  public static StartChat startChat(Platform platform, String connection, Object payload, VisitorContext context,
      List<TranscriptEntry> transcript) {
    HandoverRequested request = HandoverRequested.newBuilder().setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT).setConversationId("ignored")
        .setPlatform(platform).setConnectionId(connection).setPayload(payload).setContext(context).build();
    return new StartChat(request, transcript);
  }
}
