package io.baton.connector.salesforce.miaw;

import io.baton.connector.ConnectorHost;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.chats.LinkCodec;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceHttp;
import io.baton.connector.streaming.EventStream;
import io.baton.events.Platform;
import io.baton.events.SalesforceMiawHandover;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * MIAW (Messaging for In-App and Web) conversations on the visitor side, in the runtime's {@link ChatPlatform} slot:
 * an unauthenticated access token per conversation, the conversation created with the visitor context and bot
 * transcript as routing attributes, messages and typing entries that carry ids derived from the command's event id
 * (MIAW drops a message id it has seen), close, and one SSE stream per conversation ({@link EventStream}, events
 * mapped by {@link MiawEntries}): each event's agent event is written, then (once acknowledged) the link with its id,
 * and a dropped stream reconnects with {@code Last-Event-Id} from what is on Kafka.
 */
public final class MiawPlatform
    implements
      ChatPlatform<MiawConversation>,
      EventStream.Source<MiawConversation, MiawClient.Sse> {
  private final SalesforceConfig config;
  private final PlatformCalls calls;
  private final SalesforceHttp http = new SalesforceHttp("miaw-http");
  private final MiawClient client;
  private final MiawLinkCodec codec = new MiawLinkCodec();
  private final EventStream<MiawConversation, MiawClient.Sse> streams;
  private final MiawLimits.Calls limited;
  private final MiawTokens tokens;
  private final MiawStreams backfilled;

  public MiawPlatform(SalesforceConfig config, ConnectorHost.Context context) {
    this(config, context, MiawLimits.documented());
  }

  /** With other rate limits than the documented ones (tests scale the windows down). */
  public MiawPlatform(SalesforceConfig config, ConnectorHost.Context context, MiawLimits limits) {
    this.config = config;
    this.calls = context.calls();
    this.client = new MiawClient(http.client(), config.requestTimeout());
    this.streams = new EventStream<>(calls, this, "the MIAW access token is no longer valid");
    this.limited = new MiawLimits.Calls(limits, config.host().calls().retry());
    this.tokens = new MiawTokens(client, limited.renewals);
    this.backfilled = new MiawStreams(client, calls);
  }

  @Override
  public Platform platform() {
    return Platform.salesforce_miaw;
  }

  @Override
  public LinkCodec<MiawConversation> codec() {
    return codec;
  }

  @Override
  public CompletionStage<Void> open(Chat<MiawConversation> chat, StartChat start) {
    SalesforceMiawHandover p = MiawSeedHandover.payload(start); // the seed's Live Agent payload is mapped
    CompletableFuture<Void> token = CompletableFuture.completedFuture(null); // a repeat: creating it again is a no-op
    if (chat.state() == null) {
      String baseUrl = config.miawBaseUrl(p.getScrtUrl());
      // The id derives from the handover, so a replayed start names the same conversation.
      String miawId = UUID.nameUUIDFromBytes(chat.handoverId().getBytes(StandardCharsets.UTF_8)).toString();
      token = limited.accessTokens.call(p.getOrgId(), "MIAW access token", () -> calls.once(p.getOrgId(),
          () -> client.accessToken(baseUrl, p.getOrgId(), p.getEsDeveloperName()))).thenCompose(t -> {
            chat.state(new MiawConversation(baseUrl, p.getOrgId(), p.getEsDeveloperName(), t, miawId));
            return chat.saveLink();
          });
    }
    return token.thenCompose(x -> limited.starts.call(chat.state().miawId, "MIAW conversation", () -> calls.once(
        chat.state().orgId, () -> client.createConversation(chat.state(),
            MiawSeedHandover.mapped(start) ? p.getRoutingAttributes() : routingAttributes(p, start)))))
        .thenRun(() -> {});
  }

  /** The handover's own attributes, then the visitor context and the bot transcript for the agent. */
  private static Map<String, String> routingAttributes(SalesforceMiawHandover p, StartChat start) {
    Map<String, String> attributes = new LinkedHashMap<>(p.getRoutingAttributes());
    VisitorContext context = start.getHandover().getContext();
    StringBuilder transcript = new StringBuilder();
    for (TranscriptEntry e : start.getTranscript()) {
      transcript.append(e.getRole().name()).append(": ").append(e.getText()).append('\n');
    }
    Map<String, String> added = new LinkedHashMap<>();
    added.put("visitorName", context.getName());
    added.put("email", context.getEmail());
    added.put("language", p.getLanguage());
    added.put("botTranscript", transcript.isEmpty() ? null : transcript.toString().strip());
    added.forEach((name, value) -> {
      if (value != null) {
        attributes.putIfAbsent(name, value);
      }
    });
    return attributes;
  }

  @Override
  public CompletionStage<Void> send(Chat<MiawConversation> chat, String commandId, VisitorMessage message) {
    MiawConversation c = chat.state();
    if (!message.getAttachments().isEmpty()) {
      return MiawFiles.send(client, limited.messages, calls, c, platformId(commandId), message);
    }
    return limited.messages.call(c.miawId, "MIAW message", () -> calls.once(c.orgId,
        () -> client.message(c, platformId(commandId), SalesforceHttp.text(message)))).thenRun(() -> {});
  }

  @Override
  public CompletionStage<Void> typing(Chat<MiawConversation> chat, String commandId, boolean typing) {
    MiawConversation c = chat.state();
    return calls.call(c.orgId, "MIAW entry", () -> client.typing(c, platformId(commandId), typing)).thenRun(() -> {});
  }

  @Override
  public CompletionStage<Void> end(Chat<MiawConversation> chat, String commandId, String reason) {
    MiawConversation c = chat.state();
    return calls.call(c.orgId, "MIAW close", () -> client.close(c)).thenRun(() -> {});
  }

  /** The id MIAW gets for a command's message or entry: the same command, the same id, which MIAW drops. */
  static String platformId(String commandId) {
    return UUID.nameUUIDFromBytes(commandId.getBytes(StandardCharsets.UTF_8)).toString();
  }

  // ---- the agent's side: the event stream ----

  @Override
  public void listen(Chat<MiawConversation> chat) {
    streams.start(chat);
    tokens.start(chat);
  }

  @Override
  public CompletionStage<Void> stop(Chat<MiawConversation> chat) {
    tokens.stop(chat);
    return streams.stop(chat);
  }

  /** The stream from the last event on Kafka, behind a backfill of the entries since the newest relayed one. */
  @Override
  public CompletableFuture<Void> open(Chat<MiawConversation> chat, Consumer<MiawClient.Sse> onEvent) {
    return backfilled.open(chat.state(), onEvent);
  }

  /**
   * A stream event at or before the last one on Kafka is dropped; so is an entry already relayed (by its identifier,
   * whether it came by the stream or by a backfill); a backfilled entry that tells the visitor nothing writes nothing.
   */
  @Override
  public ChatWrite write(Chat<MiawConversation> chat, MiawClient.Sse event) {
    MiawConversation c = chat.state();
    boolean streamed = event.id() >= 0;
    if (streamed && event.id() <= c.lastEventId) {
      return null; // already on Kafka
    }
    String entryId = MiawEntries.entryId(event);
    long lastEventId = Math.max(event.id(), c.lastEventId);
    if (entryId != null && c.relayed(entryId)) {
      return streamed ? ChatWrite.link().withLink(codec.encode(c, lastEventId, null, 0)) : null;
    }
    SpecificRecord body = MiawEntries.toAgentEvent(chat, event);
    if (body == null && !streamed) {
      return null;
    }
    return (body == null ? ChatWrite.link() : ChatWrite.event(MiawEntries.seed(event), body))
        .withLink(codec.encode(c, lastEventId, entryId, MiawEntries.entryAt(event)));
  }

  @Override
  public void written(Chat<MiawConversation> chat, MiawClient.Sse event) {
    MiawConversation c = chat.state();
    c.lastEventId = Math.max(c.lastEventId, event.id());
    c.relayed(MiawEntries.entryId(event), MiawEntries.entryAt(event));
  }

  @Override
  public void close() {
    tokens.close();
    streams.close();
    limited.close();
    http.close();
  }
}
