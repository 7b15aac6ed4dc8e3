package io.baton.connector.zendesk.support;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.webhooks.SignatureCheck;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing secret each connection's deliveries are checked with. Activation learns it; an admin may reset it
 * ({@code POST /webhooks/{id}/signing_secret}), and from then on every delivery would be refused (401) until the
 * next activation, long enough for Zendesk's circuit breaker to trip. So a delivery that fails the check makes Baton
 * read the secret again, at most once per {@link #REREAD} per connection (a stream of forged deliveries cannot make
 * Baton hammer Zendesk), and check the delivery once more with what Zendesk says now. A forged delivery fails with the
 * current secret too: nothing is accepted that the webhook's real secret did not sign. A webhook deleted since is
 * looked for again by its name: the secret is then the one Baton has now.
 */
final class SigningSecrets {
  private static final Logger log = LoggerFactory.getLogger(SigningSecrets.class);
  static final Duration REREAD = Duration.ofMinutes(1);

  private final SupportClient client;
  private final PlatformCalls calls;
  private final SupportAccounts accounts;
  private final Function<SupportAccount, CompletableFuture<Optional<String>>> kept;
  private final Duration timeout;
  private final Duration interval;
  private final LongSupplier nanos;
  private final Map<String, Reread> rereads = new ConcurrentHashMap<>();

  /** A connection's rereads: when the last began, the one running, and the secret it found for the learned one. */
  private static final class Reread {
    long at;
    CompletableFuture<String> running;
    String replaced;
    String current;
  }

  /**
   * @param kept the id of Baton's webhook for a connection as Zendesk has it now ({@link SupportActivation#kept})
   */
  SigningSecrets(SupportClient client, PlatformCalls calls, SupportAccounts accounts,
      Function<SupportAccount, CompletableFuture<Optional<String>>> kept, Duration timeout, Duration interval,
      LongSupplier nanos) {
    this.kept = kept;
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.timeout = timeout;
    this.interval = interval;
    this.nanos = nanos;
  }

  /**
   * What the connection's deliveries are checked with: its secrets and what activation learned, the signing secret
   * replaced by a newer one read since (until an activation learns another: the newer one then no longer applies).
   */
  Map<String, String> verification(String connection) {
    Map<String, String> learned = accounts.connections().verification(connection);
    Reread r = rereads.get(connection);
    if (learned == null || r == null) {
      return learned;
    }
    synchronized (r) {
      if (r.current == null || !r.replaced.equals(learned.get(SupportWebhooks.SIGNING_SECRET))) {
        return learned;
      }
      Map<String, String> newer = new HashMap<>(learned);
      newer.put(SupportWebhooks.SIGNING_SECRET, r.current);
      return newer;
    }
  }

  /** {@code usual}, and on its failure the same check again if the secret was read anew and changed. */
  SignatureCheck check(SignatureCheck usual) {
    return request -> usual.verify(request) || reread(request.path()) && usual.verify(request);
  }

  /** Reads the signing secret again unless that was done lately; whether it differs from the one in use. */
  private boolean reread(String connection) {
    Map<String, String> learned = accounts.connections().verification(connection);
    Map<String, String> inUse = verification(connection);
    if (learned == null || learned.get(SupportWebhooks.WEBHOOK_ID) == null) {
      return false;
    }
    Reread r = rereads.computeIfAbsent(connection, c -> new Reread());
    CompletableFuture<String> reading;
    synchronized (r) {
      long now = nanos.getAsLong();
      if (r.running != null && !r.running.isDone()) {
        reading = r.running; // deliveries failing together wait for one read
      } else if (r.running != null && now - r.at < interval.toNanos()) {
        return false;
      } else {
        r.at = now;
        reading = r.running = read(connection, learned);
      }
    }
    String fresh;
    try {
      fresh = reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("{}: the webhook's signing secret could not be read again: {}", connection,
          SupportClient.unwrap(e).getMessage());
      return false;
    }
    if (fresh == null || fresh.isEmpty() || fresh.equals(inUse.get(SupportWebhooks.SIGNING_SECRET))) {
      return false;
    }
    synchronized (r) {
      r.replaced = learned.get(SupportWebhooks.SIGNING_SECRET);
      r.current = fresh;
    }
    log.info("{}: the webhook's signing secret was reset at Zendesk; deliveries are checked with the new one",
        connection);
    return true;
  }

  private CompletableFuture<String> read(String connection, Map<String, String> learned) {
    SupportAccount account;
    try {
      account = accounts.account(connection, learned);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    String id = learned.get(SupportWebhooks.WEBHOOK_ID);
    // Gone: another instance activating at the same time kept its own webhook and deleted this one's after this
    // instance was done; the triggers call the one kept, whose secret is then the one to check with.
    return read(client, calls, account, id).exceptionallyCompose(e -> SupportClient.status(e) != 404
        ? CompletableFuture.failedFuture(SupportClient.unwrap(e))
        : kept.apply(account).thenCompose(now -> now.isEmpty() || now.get().equals(id)
            ? CompletableFuture.failedFuture(SupportClient.unwrap(e)) : read(client, calls, account, now.get())));
  }

  /** What Zendesk says the webhook's signing secret is now (empty when it gives none). */
  static CompletableFuture<String> read(SupportClient client, PlatformCalls calls, SupportAccount account,
      String webhookId) {
    return calls.call(account.connection(), "GET /webhooks/{id}/signing_secret",
        () -> client.get(account, "/webhooks/" + webhookId + "/signing_secret"))
        .thenApply(r -> r.path("signing_secret").path("secret").asText(""));
  }
}
