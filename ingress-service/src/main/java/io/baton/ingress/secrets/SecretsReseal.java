package io.baton.ingress.secrets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.BotWebhook;
import io.baton.events.Connection;
import io.baton.ingress.connection.ConnectionStore;
import io.baton.ingress.connection.ConnectionsApi;
import io.baton.ingress.http.Acknowledgements;
import io.baton.ingress.http.ErrorHandling;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.Problem;
import io.baton.ingress.webhook.WebhookApi;
import io.baton.ingress.webhook.WebhookRegistry;
import io.baton.secrets.SealedSecrets;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/admin/secrets/reseal}, the admin key's: rewrites every connection's secrets and every bot webhook's
 * signing secret that is not sealed under the sealing key (the first of {@code BATON_INGRESS_SECRETS_KEYS}) to
 * connections.v1 and webhooks.v1 like any change, so that the keys before it can be dropped. Idempotent: what is
 * sealed under the sealing key already is left as it is, and a second run writes nothing. Secrets that do not open
 * (a key this instance does not hold) are listed, with the reason, and left as they are. Answers once every write is
 * acknowledged (503 when one was not: what was written stays, a retry does the rest).
 */
public final class SecretsReseal {
  public static final String PATH = "/v1/admin/secrets/reseal";
  private static final Logger log = LoggerFactory.getLogger(SecretsReseal.class);

  private final ConnectionStore connections;
  private final ConnectionsApi connectionsApi;
  private final WebhookRegistry webhooks;
  private final WebhookApi webhookApi;
  private final SealedSecrets box;
  private final Executor responses;

  /** {@code box}: null when no secrets key is configured (then there is nothing this instance could re-seal). */
  public SecretsReseal(ConnectionStore connections, ConnectionsApi connectionsApi, WebhookRegistry webhooks,
      WebhookApi webhookApi, SealedSecrets box, Executor responses) {
    this.connections = connections;
    this.connectionsApi = connectionsApi;
    this.webhooks = webhooks;
    this.webhookApi = webhookApi;
    this.box = box;
    this.responses = responses;
  }

  /** The tally of one kind of sealed thing. */
  private static final class Tally {
    int resealed;
    int current;
    final List<ObjectNode> unreadable = new ArrayList<>();
    final List<CompletableFuture<?>> writes = new ArrayList<>();

    /** Counts one thing, re-sealing it when {@code keyId} is not the sealing key's. */
    void add(String sealingId, byte[] sealed, Supplier<Optional<? extends CompletableFuture<?>>> reseal,
        ObjectNode who) {
      if (SealedSecrets.keyIdOf(sealed).filter(sealingId::equals).isPresent()) {
        current++;
        return;
      }
      try {
        Optional<? extends CompletableFuture<?>> write = reseal.get();
        if (write.isPresent()) {
          writes.add(write.get());
          resealed++;
        } else {
          current++; // changed meanwhile, and so sealed under the sealing key
        }
      } catch (IllegalStateException e) { // the message names the key, never the secrets
        unreadable.add(who.put("reason", e.getMessage()));
      }
    }

    ObjectNode json() {
      ObjectNode o = Json.object().put("resealed", resealed).put("alreadyCurrent", current);
      ArrayNode list = o.putArray("unreadable");
      unreadable.forEach(list::add);
      return o;
    }
  }

  public void handle(Context ctx) {
    if (box == null) {
      throw Problem.typed(503, "secrets-key-missing", "Secrets cannot be sealed",
          "this ingress has no BATON_INGRESS_SECRETS_KEYS (or BATON_INGRESS_SECRETS_KEY) configured, so it cannot re-seal secrets",
          List.of())
          .exception();
    }
    String sealingId = box.sealingKeyId();
    Tally connectionTally = new Tally();
    for (Connection c : connections.all()) {
      if (c.getEncryptedSecrets() != null) {
        connectionTally.add(sealingId, bytes(c.getEncryptedSecrets()), () -> connectionsApi.reseal(ctx, c),
            Json.object().put("tenant", c.getTenant()).put("connectionId", c.getConnectionId()));
      }
    }
    Tally webhookTally = new Tally();
    for (BotWebhook w : webhooks.all()) {
      if (w.getEncryptedSecret() != null) {
        webhookTally.add(sealingId, bytes(w.getEncryptedSecret()), () -> webhookApi.reseal(ctx, w),
            Json.object().put("tenant", w.getTenant()));
      }
    }
    List<CompletableFuture<?>> all = new ArrayList<>(connectionTally.writes);
    all.addAll(webhookTally.writes);
    ctx.future(() -> CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handleAsync((ok, error) -> {
      if (error != null) {
        log.warn("re-seal: a write was not acknowledged by Kafka: {}", error.toString());
        ctx.header("Retry-After", "5");
        ErrorHandling.write(ctx, Acknowledgements.unavailable());
        return null;
      }
      log.info("re-sealed under key {}: {} connections ({} already), {} webhooks ({} already), {} unreadable",
          sealingId, connectionTally.resealed, connectionTally.current, webhookTally.resealed, webhookTally.current,
          connectionTally.unreadable.size() + webhookTally.unreadable.size());
      ObjectNode answer = Json.object().put("sealingKey", sealingId);
      answer.set("connections", connectionTally.json());
      answer.set("webhooks", webhookTally.json());
      ctx.contentType("application/json").result(Json.write(answer));
      return null;
    }, responses));
  }

  private static byte[] bytes(ByteBuffer sealed) {
    var buffer = sealed.duplicate();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
