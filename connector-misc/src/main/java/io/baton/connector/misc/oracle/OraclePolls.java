package io.baton.connector.misc.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.AgentEvents;
import io.baton.connector.ConnectorHost;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryAfter;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.polling.LongPoll;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * getMessages for every chat, on the runtime's {@link LongPoll}: one poll per chat at a time, a chain of futures.
 *
 * <p>Oracle hands each system message out once and has no acknowledgement, so no answer may be dropped. An answer's
 * events wait in the engagement ({@link OracleEngagement#pending}) until Kafka has them, and go with the next answer
 * when a write failed. A poll the loop no longer waits for (the chat stopped or moved, the connector closing) is hung
 * up, so Oracle keeps what it queues next for the next poll [guess: the docs promise nothing; the sandbox does]; an
 * answer that came all the same is still written (with the link while the chat is ours, else its events alone, whose
 * deterministic ids the router deduplicates), and closing waits for those writes.
 */
final class OraclePolls implements LongPoll.Exchange<OracleEngagement, OraclePolls.Poll> {
  private static final Logger log = LoggerFactory.getLogger(OraclePolls.class);

  /** One getMessages answer, taken either by the loop or, once the loop let it go, by {@link #late}. */
  record Poll(HttpResponse<String> response, AtomicBoolean taken) {}

  private final OracleConfig config;
  private final OracleClient client;
  private final OracleSessions sessions;
  private final OracleLinkCodec codec;
  private final PlatformCalls calls;
  private final AgentEvents agentEvents;
  private final LongPoll<OracleEngagement, Poll> loop;
  /** Polls under way at Oracle and late answers being written: closing waits for them. */
  private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
  /** Each chat's getMessages request under way (the HTTP exchange itself: cancelling it hangs up). */
  private final Map<Chat<OracleEngagement>, CompletableFuture<HttpResponse<String>>> exchanges =
      new ConcurrentHashMap<>();

  OraclePolls(OracleConfig config, OracleClient client, OracleSessions sessions, OracleLinkCodec codec,
      ConnectorHost.Context context) {
    this.config = config;
    this.client = client;
    this.sessions = sessions;
    this.codec = codec;
    this.calls = context.calls();
    this.agentEvents = context.agentEvents();
    this.loop = new LongPoll<>(calls, this);
  }

  void start(Chat<OracleEngagement> chat, Duration delay) {
    loop.start(chat, delay);
  }

  /**
   * Ends the chat's loop and hangs up its poll held at Oracle (a message Oracle queues meanwhile waits for the next
   * owner's poll); an answer that already came is still written ({@link #late}).
   */
  CompletableFuture<Void> stop(Chat<OracleEngagement> chat) {
    CompletableFuture<Void> stopped = loop.stop(chat).toCompletableFuture();
    hangUp(exchanges.remove(chat));
    return stopped;
  }

  private static void hangUp(CompletableFuture<HttpResponse<String>> exchange) {
    if (exchange != null) {
      exchange.cancel(true); // Java's client closes the connection of a cancelled exchange
    }
  }

  int polling() {
    return loop.polling();
  }

  @Override
  public CompletableFuture<Poll> request(Chat<OracleEngagement> chat) {
    OracleEngagement e = chat.state();
    CompletableFuture<HttpResponse<String>> http = calls.once(e.connection, () -> {
      CompletableFuture<HttpResponse<String>> exchange = client.messages(e);
      exchanges.put(chat, exchange);
      return exchange;
    });
    running.add(http);
    CompletableFuture<Poll> polled = new CompletableFuture<>();
    http.whenComplete((response, error) -> {
      if (error != null) {
        polled.completeExceptionally(error);
      } else {
        Poll poll = new Poll(response, new AtomicBoolean());
        polled.complete(poll); // the loop takes it here, unless it stopped waiting
        if (poll.taken().compareAndSet(false, true)) {
          late(chat, response);
        }
      }
      running.remove(http);
      exchanges.computeIfPresent(chat, (c, exchange) -> exchange.isDone() ? null : exchange);
    });
    return polled;
  }

  @Override
  public LongPoll.Answer answer(Chat<OracleEngagement> chat, Poll poll) {
    if (!poll.taken().compareAndSet(false, true)) {
      return LongPoll.Answer.again();
    }
    HttpResponse<String> response = poll.response();
    OracleEngagement e = chat.state();
    int status = response.statusCode();
    if (status == 403) {
      String jwt = response.request().headers().firstValue("Authorization").orElse("").replaceFirst("^Bearer ", "");
      return LongPoll.Answer.after(sessions.renew(chat, jwt));
    }
    if (status == 404) {
      chat.gone("the Oracle engagement no longer exists (getMessages answered 404)");
      return LongPoll.Answer.stop();
    }
    if (status / 100 != 2) { // 409 (another poll is held), 429, 5xx: back off and poll again
      throw OracleClient.refusal("POST getMessages", status,
          RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now()),
          response.body() == null ? "" : response.body());
    }
    List<ChatWrite.Event> events = events(chat, response);
    if (events.isEmpty()) {
      return LongPoll.Answer.again();
    }
    return LongPoll.Answer.after(record(chat, events));
  }

  /**
   * The events with the link (their last sequence number), and the pending events done with; a chat released to
   * another instance meanwhile gets its events without a link, since no one else can read them from Oracle again.
   */
  private CompletableFuture<Void> record(Chat<OracleEngagement> chat, List<ChatWrite.Event> events) {
    OracleEngagement e = chat.state();
    long sequence = e.lastSequence;
    CompletableFuture<Void> write = chat.released() ? unlinked(chat, events)
        : chat.write(() -> ChatWrite.events(events).withLink(codec.encode(e, sequence)))
            .exceptionallyCompose(error -> chat.released() ? unlinked(chat, events)
                : CompletableFuture.failedFuture(error));
    CompletableFuture<Void> recorded = write.thenRun(() -> written(e, events));
    running.add(recorded);
    recorded.whenComplete((x, error) -> running.remove(recorded));
    return recorded;
  }

  /** Events without the link, with their deterministic ids (a copy already written is dropped by the router). */
  private CompletableFuture<Void> unlinked(Chat<OracleEngagement> chat, List<ChatWrite.Event> events) {
    log.info("{}: writing {} events of a poll answer after the chat was released", chat, events.size());
    return CompletableFuture.allOf(events.stream().map(ev -> agentEvents.publish(chat.event(ev.seed(), ev.body())))
        .toArray(CompletableFuture[]::new));
  }

  /** The answer's events, after any an earlier write failed to record. */
  private static List<ChatWrite.Event> events(Chat<OracleEngagement> chat, HttpResponse<String> response) {
    JsonNode json;
    try {
      String body = response.body();
      json = body == null || body.isBlank() ? OracleClient.JSON.createObjectNode() : OracleClient.JSON.readTree(body);
    } catch (IOException ex) {
      throw new PlatformCallFailed("POST getMessages (unreadable answer)", 502, null);
    }
    OracleEngagement e = chat.state();
    synchronized (e) {
      e.pending.addAll(OracleSystemMessages.events(e, OracleSystemMessages.sorted(json),
          (by, reason) -> chat.ended() && !chat.ending() ? null : chat.endedByPlatform(by, reason)));
      return new ArrayList<>(e.pending);
    }
  }

  private static void written(OracleEngagement e, List<ChatWrite.Event> events) {
    synchronized (e) {
      e.pending.removeAll(events);
    }
  }

  /**
   * An answer that came after the loop stopped waiting: Oracle will not hand its messages out again, so they are
   * written all the same; a chat that moved to another instance gets its events without a link (the new owner goes
   * on from its own polls).
   */
  private void late(Chat<OracleEngagement> chat, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return;
    }
    List<ChatWrite.Event> events;
    try {
      events = events(chat, response);
    } catch (RuntimeException ex) {
      log.warn("{}: a late poll answer was unreadable: {}", chat, ex.toString());
      return;
    }
    if (events.isEmpty()) {
      return;
    }
    record(chat, events).whenComplete((x, error) -> {
      if (error != null) {
        log.warn("{}: {} events of a late poll answer could not be written: {}", chat, events.size(),
            error.toString());
      }
    });
  }

  /** Ends every loop, hangs up the polls held at Oracle, then waits for answers that came and their writes. */
  void close() {
    loop.close();
    exchanges.values().forEach(OraclePolls::hangUp);
    exchanges.clear();
    try {
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).handle((x, e) -> null)
          .get(config.resumePollDelay().toMillis(), TimeUnit.MILLISECONDS);
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).handle((x, e) -> null)
          .get(5, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    } catch (Exception ex) {
      log.warn("closing with {} Oracle polls or writes still under way", running.size());
    }
  }
}
