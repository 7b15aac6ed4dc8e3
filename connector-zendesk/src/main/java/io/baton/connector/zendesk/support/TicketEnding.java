package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Baton ending a ticket's chat: a private note saying why, and the ticket solved, in one update sent once. After an
 * answer that was lost (or a server error) the ticket is read: already solved or closed means the update went in, and
 * it is not sent again (the note would be doubled); else it is tried again. Closed or deleted meanwhile: nothing left.
 */
final class TicketEnding {
  static final int ATTEMPTS = 6;

  private final SupportClient client;
  private final PlatformCalls calls;

  TicketEnding(SupportClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  static String note(String reason) {
    return "Baton: the chat ended (" + (reason == null ? "no reason given" : reason)
        + "). The visitor no longer sees replies here.";
  }

  CompletableFuture<Void> end(SupportAccount account, SupportTicket t, String reason) {
    return attempt(account, t, Map.of("body", note(reason), "public", false), 1);
  }

  private CompletableFuture<Void> attempt(SupportAccount account, SupportTicket t, Map<String, Object> note, int n) {
    return calls.once(account.connection(), () -> client.call(account, "PUT", "/tickets/" + t.ticketId,
        Map.of("ticket", Map.of("comment", note, "status", "solved")))).<Void>thenApply(x -> null)
        .exceptionallyCompose(e -> {
          int status = SupportClient.status(e);
          if (status == 422 || status == 404) {
            return CompletableFuture.completedFuture(null); // closed or deleted meanwhile
          }
          if (n >= ATTEMPTS || status / 100 == 4 && status != 429) {
            return CompletableFuture.failedFuture(SupportClient.unwrap(e));
          }
          Duration wait = SupportClient.unwrap(e) instanceof PlatformCallFailed f
              ? f.retryAfter().orElse(Duration.ofMillis(500L * n)) : Duration.ofMillis(500L * n);
          CompletableFuture<Boolean> over = status == 429 ? CompletableFuture.completedFuture(false)
              : calls.call(account.connection(), "GET /tickets/{id}", () -> client.get(account,
                  "/tickets/" + t.ticketId)).thenApply(TicketEnding::over);
          return over.thenCompose(done -> done ? CompletableFuture.completedFuture(null)
              : CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(wait.toMillis(),
                  TimeUnit.MILLISECONDS)).thenCompose(x -> attempt(account, t, note, n + 1)));
        });
  }

  private static boolean over(JsonNode answer) {
    String status = answer.path("ticket").path("status").asText("");
    return status.equals("solved") || status.equals("closed");
  }
}
