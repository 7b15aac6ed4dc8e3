package io.baton.sandbox.zendesk;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Create Ticket's {@code Idempotency-Key} (api-reference/ticketing/introduction, "Idempotency"): the first successful
 * answer to a key is kept for 2 hours; the same key with the same body gets that answer again
 * ({@code x-idempotency-lookup: hit}) and creates nothing; the same key with another body is 400
 * {@code IdempotentRequestError}. A refused request keeps nothing, so it may be sent again. Only called under the
 * simulator's monitor.
 */
final class IdempotencyKeys {
  static final String HEADER = "Idempotency-Key";
  static final String LOOKUP = "x-idempotency-lookup";
  static final Duration TTL = Duration.ofHours(2);

  /** An answer: the request body it answered, its status and body; {@code hit} when it was kept from before. */
  record Answer(String request, int status, String body, Instant at, boolean hit) {}

  private final Map<String, Answer> answers = new LinkedHashMap<>();

  /** Writes an answer from what a call did. */
  interface Rendering<T> {
    String render(T done) throws Exception;
  }

  /** A call made once per key: the kept answer for this key and body, else the call's, kept if it succeeds. */
  Answer once(String key, String request, java.util.concurrent.Callable<String> call) throws Exception {
    Answer kept = lookup(key, request);
    return kept != null ? kept : keep(key, request, 201, call.call());
  }

  /** The answer kept for this key and body, or null; another body under the key is refused. */
  private Answer lookup(String key, String request) {
    answers.values().removeIf(a -> a.at().plus(TTL).isBefore(Instant.now()));
    Answer kept = answers.get(key);
    if (kept != null && !kept.request().equals(request)) {
      throw ZendeskError.idempotencyMismatch();
    }
    return kept == null ? null : new Answer(kept.request(), kept.status(), kept.body(), kept.at(), true);
  }

  /** Keeps a first answer for the key; the answer as sent this time (not a hit). */
  private Answer keep(String key, String request, int status, String body) {
    Answer answer = new Answer(request, status, body, Instant.now(), false);
    answers.put(key, answer);
    return answer;
  }
}
