package io.baton.connector.salesforce.miaw;

import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each conversation's access token valid for as long as the chat lives: at three quarters of the token's life
 * (its JWT {@code exp}) a continuation token replaces it ({@code GET authorization/continuation-access-token}, rate
 * limited per org), and the link records it before anything uses it after a restart. A token whose renewal is
 * refused 401 (it expired meanwhile, e.g. while no instance ran the chat) ends the chat: the conversation can no
 * longer be reached. A token with no known expiry is not renewed ahead. Timers are one shared delayed executor, no
 * thread per chat.
 */
final class MiawTokens {
  private static final Logger log = LoggerFactory.getLogger(MiawTokens.class);

  private final MiawClient client;
  private final PlatformCalls renewals;
  private final Map<Chat<MiawConversation>, Object> chats = new ConcurrentHashMap<>();
  private volatile boolean closed;

  MiawTokens(MiawClient client, PlatformCalls renewals) {
    this.client = client;
    this.renewals = renewals;
  }

  /** Renews the chat's token ahead of its expiry for as long as the chat is active. */
  void start(Chat<MiawConversation> chat) {
    Object ticket = new Object();
    chats.put(chat, ticket);
    schedule(chat, ticket);
  }

  void stop(Chat<MiawConversation> chat) {
    chats.remove(chat);
  }

  void close() {
    closed = true;
    chats.clear();
  }

  private boolean current(Chat<MiawConversation> chat, Object ticket) {
    if (closed || !chat.active()) {
      chats.remove(chat, ticket);
      return false;
    }
    return chats.get(chat) == ticket;
  }

  private void schedule(Chat<MiawConversation> chat, Object ticket) {
    MiawConversation c = chat.state();
    if (c == null || c.tokenExpiresAt <= 0) {
      return;
    }
    long renewAt = c.tokenReceivedAt + (c.tokenExpiresAt - c.tokenReceivedAt) * 3 / 4;
    after(Math.max(0, renewAt - System.currentTimeMillis())).execute(() -> renew(chat, ticket));
  }

  private static Executor after(long millis) {
    return CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS);
  }

  private void renew(Chat<MiawConversation> chat, Object ticket) {
    if (!current(chat, ticket)) {
      return;
    }
    MiawConversation c = chat.state();
    renewals.call(c.orgId, "MIAW continuation token", () -> client.continuation(c))
        .thenCompose(token -> {
          c.token(token, System.currentTimeMillis());
          return chat.saveLink();
        }).whenComplete((x, error) -> {
          if (!current(chat, ticket)) {
            return;
          }
          if (error == null) {
            schedule(chat, ticket);
          } else if (PlatformCalls.cause(error) instanceof PlatformCallFailed f && f.status() == 401) {
            chats.remove(chat, ticket);
            chat.gone("the MIAW access token expired");
          } else {
            long left = c.tokenExpiresAt - System.currentTimeMillis();
            log.warn("{}: could not renew the MIAW access token ({}), trying again", chat, error.toString());
            after(Math.max(500, left / 2)).execute(() -> renew(chat, ticket));
          }
        });
  }
}
