package io.baton.ingress.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.BotWebhook;
import io.baton.ingress.auth.Access;
import io.baton.ingress.http.Acknowledgements;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.HttpUrls;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.JsonFields;
import io.baton.ingress.http.Problem;
import io.baton.ingress.http.Writes;
import io.baton.ingress.http.RequestTrace;
import io.baton.secrets.SealedSecrets;
import io.baton.topics.Topics;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/webhook}: a tenant's bot webhook. {@code PUT} registers (or replaces) the URL and answers with a new
 * signing secret, the only time it is shown; {@code GET} shows the URL and the delivery outcomes of every instance;
 * {@code DELETE} disables it. Stored in webhooks.v1 with the secret encrypted.
 */
public final class WebhookApi {
  public static final int MAX_URL_LENGTH = HttpUrls.MAX_LENGTH;
  private final Writes writes;
  private final WebhookRegistry registry;
  private final WebhookOutcomes outcomes;
  private final SealedSecrets box;
  private final PublicAddresses addresses;
  private final SecureRandom random = new SecureRandom();

  public WebhookApi(Writes writes, WebhookRegistry registry, WebhookOutcomes outcomes, SealedSecrets box,
      PublicAddresses addresses) {
    this.addresses = addresses;
    this.writes = writes;
    this.registry = registry;
    this.outcomes = outcomes;
    this.box = box;
  }

  public void put(Context ctx) {
    String tenant = Access.tenant(ctx);
    ObjectNode body = writes.body(ctx);
    FieldErrors errors = new FieldErrors();
    String url = new JsonFields(body, "", errors).requiredString("url");
    if (!url.isEmpty() && !HttpUrls.isHttpUrl(url)) {
      errors.add("url", "'url' must be an absolute http or https URL of at most " + MAX_URL_LENGTH + " characters");
    } else if (!url.isEmpty()) {
      // the first check; every delivery checks the address it connects to again (DNS may change)
      addresses.registrationRefusal(java.net.URI.create(url).getHost()).ifPresent(why -> errors.add("url",
          "'url' must reach a public address: " + why));
    }
    errors.throwIfAny();
    if (box == null) {
      throw Problem.typed(503, "secrets-key-missing", "Secrets cannot be stored",
          "this ingress has no BATON_INGRESS_SECRETS_KEYS (or BATON_INGRESS_SECRETS_KEY) configured, so it cannot store a signing secret",
          List.of())
          .exception();
    }
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    BotWebhook webhook = BotWebhook.newBuilder().setTenant(tenant).setUrl(url)
        .setEncryptedSecret(ByteBuffer.wrap(box.sealWebhookSecret(tenant, secret)))
        .setEnabled(true).setUpdatedAt(now(tenant)).build();
    publish(ctx, webhook, 200, () -> {
      ObjectNode answer = view(webhook);
      answer.put("secret", secret); // shown once: the receiver verifies Baton-Signature with it
      return answer;
    });
  }

  public void get(Context ctx) {
    String tenant = Access.tenant(ctx);
    BotWebhook w = registry.get(tenant).orElseThrow(() -> Problem.plain(404, "Not Found",
        "this tenant has no webhook; register one with PUT /v1/webhook").exception());
    ObjectNode answer = view(w);
    WebhookOutcomes.Tally tally = outcomes.of(tenant);
    ObjectNode deliveries = answer.putObject("deliveries");
    deliveries.put("delivered", tally.delivered());
    deliveries.put("failed", tally.failed());
    var failures = deliveries.putArray("recentFailures");
    for (WebhookOutcomes.Failure f : tally.recentFailures()) {
      failures.addObject().put("eventId", f.eventId()).put("conversationId", f.conversationId())
          .put("sequence", f.sequence()).put("attempts", f.attempts()).put("error", f.error())
          .put("at", f.at().toString());
    }
    ctx.contentType("application/json").result(Json.write(answer));
  }

  public void delete(Context ctx) {
    String tenant = Access.tenant(ctx);
    BotWebhook w = registry.get(tenant).filter(BotWebhook::getEnabled).orElseThrow(() -> Problem.plain(404,
        "Not Found", "this tenant has no webhook").exception());
    BotWebhook off = BotWebhook.newBuilder(w).setEnabled(false).setUpdatedAt(now(tenant)).build();
    publish(ctx, off, 204, () -> null);
  }

  /**
   * Writes {@code old} again, its signing secret sealed under the sealing key (a key rotation's re-seal); empty when
   * it changed meanwhile. Throws IllegalStateException when the secret does not open.
   */
  public Optional<CompletableFuture<BotWebhook>> reseal(Context ctx, BotWebhook old) {
    String secret = box.openWebhookSecret(old.getTenant(), bytes(old.getEncryptedSecret()));
    BotWebhook saved = BotWebhook.newBuilder(old).setUpdatedAt(now(old.getTenant()))
        .setEncryptedSecret(ByteBuffer.wrap(box.sealWebhookSecret(old.getTenant(), secret))).build();
    if (!registry.get(old.getTenant()).filter(old::equals).isPresent()) {
      return Optional.empty();
    }
    RequestTrace trace = RequestTrace.of(ctx);
    return Optional.of(writes.publisher().publish(Topics.WEBHOOKS, saved.getTenant(), saved, trace.parent(),
        trace.state()).thenApply(acked -> {
          registry.apply(saved);
          return saved;
        }));
  }

  private static byte[] bytes(ByteBuffer sealed) {
    var buffer = sealed.duplicate();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private void publish(Context ctx, BotWebhook webhook, int status, java.util.function.Supplier<ObjectNode> answer) {
    RequestTrace trace = RequestTrace.of(ctx);
    var acked = writes.publisher().publish(Topics.WEBHOOKS, webhook.getTenant(), webhook, trace.parent(),
        trace.state());
    Acknowledgements.answerWhenAcked(ctx, "webhook of " + webhook.getTenant(), acked, writes.responses(),
        writes.idempotency().none, status, null, () -> {
          registry.apply(webhook);
          return answer.get();
        });
  }

  private Instant now(String tenant) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant last = registry.get(tenant).map(BotWebhook::getUpdatedAt).orElse(Instant.EPOCH);
    return now.isAfter(last) ? now : last.plusMillis(1);
  }

  private static ObjectNode view(BotWebhook w) {
    ObjectNode o = Json.object();
    o.put("url", w.getUrl());
    o.put("enabled", w.getEnabled());
    o.put("updatedAt", w.getUpdatedAt().toString());
    o.put("signatureHeader", WebhookSignature.HEADER);
    return o;
  }

  static byte[] secretOf(SealedSecrets box, String tenant, byte[] sealed) {
    return box.openWebhookSecret(tenant, sealed).getBytes(StandardCharsets.UTF_8);
  }

}
