package io.baton.ingress.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.ingress.auth.Access;
import io.baton.ingress.http.Acknowledgements;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.Idempotency;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.JsonFields;
import io.baton.ingress.http.Problem;
import io.baton.ingress.http.Writes;
import io.baton.ingress.http.RequestTrace;
import io.baton.secrets.SealedSecrets;
import io.baton.topics.ConversationKey;
import io.baton.topics.Topics;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@code /v1/connections}: a tenant's helpdesk connections (create, list, read, update, deactivate with
 * {@code "enabled": false}, delete), stored in connections.v1 keyed by connectionId. Secrets are encrypted before
 * they leave this class and only their names are ever shown. A key of one tenant sees another tenant's connection as
 * absent (404), never as forbidden, so ids do not leak.
 */
public final class ConnectionsApi {
  public static final int MAX_NAME_CHARACTERS = 200;
  public static final int MAX_ENTRIES = 50;
  public static final int MAX_VALUE_CHARACTERS = 4096;

  private final Writes writes;
  private final ConnectionStore store;
  private final SealedSecrets box;
  private final ConnectionChecks checks;
  private final Object decisions = new Object();

  /**
   * {@code claims}: where Chat2Desk tokens are claimed (null without a secrets key); {@code kafkaTimeout}: a write's
   * patience, from which follows how long a claim may wait for its connection to be saved.
   */
  public ConnectionsApi(Writes writes, ConnectionStore store, SealedSecrets box, boolean startActive,
      TokenClaims claims, Duration kafkaTimeout) {
    this.writes = writes;
    this.store = store;
    this.box = box;
    this.checks = new ConnectionChecks(store, box, startActive, claims, writes.responses(),
        kafkaTimeout.multipliedBy(2).plusMinutes(1));
  }

  /** At start: claims the Chat2Desk tokens of active connections nobody holds yet (saved before token claims). */
  public void claimUnclaimedTokens(Duration patience) {
    checks.claimUnclaimedTokens(patience);
  }

  public void create(Context ctx) {
    String tenant = Access.tenant(ctx);
    ObjectNode body = writes.body(ctx);
    Idempotency.Claim claim = writes.claim(ctx, tenant, body);
    if (claim.replayed()) {
      return;
    }
    try {
      FieldErrors errors = new FieldErrors();
      JsonFields f = new JsonFields(body, "", errors);
      Platform platform = platform(f, true);
      String name = name(f, true);
      boolean enabled = f.bool("enabled", true);
      Map<String, String> settings = limitedMap(f, "settings");
      Map<String, String> secrets = limitedMap(f, "secrets");
      String id = f.optionalString("connectionId");
      if (id != null && !Access.isSafeId(id)) {
        errors.add("connectionId", "'connectionId' must match " + ConversationKey.PART.pattern()
            + " and not be only dots");
      }
      errors.throwIfAny();
      requireKeyFor(secrets);
      if (id == null) {
        id = "conn-" + UUID.randomUUID();
      } else if (store.get(id).isPresent()) {
        throw Problem.typed(409, "connection-exists", "Connection exists",
            "a connection with this connectionId exists already; ids are never reused", List.of()).exception();
      }
      save(ctx, claim, null, tenant, id, platform, name, enabled, settings, secrets, 201);
    } catch (RuntimeException e) {
      claim.release();
      throw e;
    }
  }

  public void list(Context ctx) {
    String tenant = Access.tenant(ctx);
    ObjectNode answer = Json.object();
    var items = answer.putArray("connections");
    store.ofTenant(tenant).forEach(c -> items.add(ConnectionJson.of(c, box)));
    ctx.contentType("application/json").result(Json.write(answer));
  }

  public void get(Context ctx) {
    Connection c = existing(ctx, Access.tenant(ctx));
    ctx.contentType("application/json").result(Json.write(ConnectionJson.of(c, box)));
  }

  public void update(Context ctx) {
    String tenant = Access.tenant(ctx);
    Connection old = existing(ctx, tenant);
    ObjectNode body = writes.body(ctx);
    {
      FieldErrors errors = new FieldErrors();
      JsonFields f = new JsonFields(body, "", errors);
      Platform platform = platform(f, false);
      if (platform != null && platform != old.getPlatform()) {
        errors.add("platform", "'platform' cannot change; create a new connection for " + platform);
      }
      String name = name(f, false);
      Boolean enabled = f.optionalBool("enabled");
      Map<String, String> settings = f.has("settings") ? limitedMap(f, "settings") : old.getSettings();
      Map<String, String> secrets = f.has("secrets") ? limitedMap(f, "secrets") : ConnectionJson.secrets(box, old);
      errors.throwIfAny();
      requireKeyFor(secrets);
      save(ctx, writes.idempotency().none, old, tenant, old.getConnectionId(), old.getPlatform(),
          name == null ? old.getName() : name, enabled == null ? old.getEnabled() : enabled, settings, secrets, 200);
    }
  }

  /**
   * Writes {@code old} again, its secrets sealed under the sealing key (a key rotation's re-seal); empty when it
   * changed meanwhile (that change sealed them so already). Throws IllegalStateException when they do not open.
   */
  public Optional<CompletableFuture<Connection>> reseal(Context ctx, Connection old) {
    Map<String, String> secrets = ConnectionJson.secrets(box, old);
    Connection saved = Connection.newBuilder(old).setUpdatedAt(now(old))
        .setEncryptedSecrets(ByteBuffer.wrap(box.seal(old.getTenant(), old.getConnectionId(), secrets))).build();
    if (store.get(old.getConnectionId()).filter(old::equals).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(checks.claimAnew(saved).thenComposeAsync(claimed -> {
      synchronized (decisions) {
        return store.get(old.getConnectionId()).filter(old::equals).isPresent() ? store(ctx, old, saved, null)
            : CompletableFuture.completedFuture(saved); // changed meanwhile, and so sealed under the sealing key
      }
    }, writes.responses()));
  }

  /** Keeps a deleted record (secrets wiped) rather than a tombstone, so connectors see why their connection went. */
  public void delete(Context ctx) {
    String tenant = Access.tenant(ctx);
    Connection old = existing(ctx, tenant);
    Connection deleted = Connection.newBuilder(old).setEnabled(false).setEncryptedSecrets(null)
        .setStatus(ConnectionStatus.deleted).setStatusReason("deleted through the API")
        .setUpdatedAt(now(old)).build();
    CompletableFuture<Connection> stored = store(ctx, old, deleted, null);
    Acknowledgements.answerWhenAcked(ctx, "connection " + old.getConnectionId(), stored, writes.responses(),
        writes.idempotency().none, 204, null, () -> null);
  }

  private void save(Context ctx, Idempotency.Claim claim, Connection old, String tenant, String id,
      Platform platform, String name, boolean enabled, Map<String, String> settings, Map<String, String> secrets,
      int status) {
    // the verdict may wait for a token claim to be decided; the request is parked meanwhile
    CompletableFuture<Connection> stored = checks.check(tenant, id, platform, enabled, secrets)
        .thenComposeAsync(verdict -> store(ctx, old, Connection.newBuilder()
            .setConnectionId(id).setTenant(tenant).setPlatform(platform).setName(name).setEnabled(enabled)
            .setSettings(settings)
            .setEncryptedSecrets(secrets.isEmpty() ? null : ByteBuffer.wrap(box.seal(tenant, id, secrets)))
            .setStatus(verdict.status()).setStatusReason(verdict.reason())
            .setUpdatedAt(now(old)).build(), verdict), writes.responses());
    Acknowledgements.answerWhenAcked(ctx, "connection " + id, stored, writes.responses(), claim, status,
        status == 201 ? "/v1/connections/" + id : null, () -> ConnectionJson.of(stored.join(), box));
  }

  /**
   * Applies {@code saved} here at once (read your writes) and writes it; once stored, gives back the token {@code old}
   * held and {@code saved} no longer does, before the answer. Not stored: forgets it, and gives back what its verdict
   * newly claimed.
   */
  private CompletableFuture<Connection> store(Context ctx, Connection old, Connection saved,
      ConnectionChecks.Verdict verdict) {
    synchronized (decisions) {
      store.apply(saved);
    }
    RequestTrace trace = RequestTrace.of(ctx);
    var acked = writes.publisher().publish(Topics.CONNECTIONS, saved.getConnectionId(), saved, trace.parent(),
        trace.state());
    // off the producer's I/O thread: what follows may write to Kafka again
    return acked.handleAsync((ok, error) -> {
      if (error == null) {
        return checks.released(old, saved).thenApply(done -> saved);
      }
      synchronized (decisions) { // not stored: forget what was applied ahead of the acknowledgement
        if (store.get(saved.getConnectionId()).filter(saved::equals).isPresent()) {
          store.replace(saved.getConnectionId(), old);
        }
      }
      // the token is given back before the refusal is answered, so a retry (on any instance) finds it free
      CompletableFuture<Void> undone = verdict == null ? CompletableFuture.completedFuture(null)
          : checks.undo(saved.getTenant(), saved.getConnectionId(), verdict);
      return undone.thenCompose(x -> CompletableFuture.<Connection>failedFuture(error));
    }, writes.responses()).thenCompose(f -> f);
  }

  /** Strictly later than the previous version, so the store never mistakes the new version for an old one. */
  private static Instant now(Connection old) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    if (old != null && !now.isAfter(old.getUpdatedAt())) {
      now = old.getUpdatedAt().plusMillis(1);
    }
    return now;
  }

  private Connection existing(Context ctx, String tenant) {
    String id = ctx.pathParam("connectionId");
    return store.get(id).filter(c -> c.getTenant().equals(tenant) && c.getStatus() != ConnectionStatus.deleted)
        .orElseThrow(() -> Problem.plain(404, "Not Found", "no connection " + (ConversationKey.isValidPart(id) ? id
            : "with that id") + " in this tenant").exception());
  }

  private void requireKeyFor(Map<String, String> secrets) {
    if (!secrets.isEmpty() && box == null) {
      throw Problem.typed(503, "secrets-key-missing", "Secrets cannot be stored",
          "this ingress has no BATON_INGRESS_SECRETS_KEYS (or BATON_INGRESS_SECRETS_KEY) configured, so it cannot store secrets",
          List.of())
          .exception();
    }
  }

  private static Platform platform(JsonFields f, boolean required) {
    String raw = required ? f.requiredString("platform") : f.optionalString("platform");
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return Platform.valueOf(raw);
    } catch (IllegalArgumentException e) {
      f.errors().add("platform", "'platform' must be one of " + Arrays.stream(Platform.values()).map(Enum::name)
          .collect(Collectors.joining(", ")));
      return null;
    }
  }

  private static String name(JsonFields f, boolean required) {
    String name = required ? f.requiredString("name") : f.optionalString("name");
    if (name != null && name.codePointCount(0, name.length()) > MAX_NAME_CHARACTERS) {
      f.errors().add("name", "'name' must be at most " + MAX_NAME_CHARACTERS + " characters");
    }
    if (name != null && !required && name.isBlank()) {
      f.errors().add("name", "'name' must not be empty");
    }
    return name;
  }

  private static Map<String, String> limitedMap(JsonFields f, String member) {
    JsonNode raw = f.raw(member);
    if (raw != null && raw.isObject() && raw.size() > MAX_ENTRIES) {
      f.errors().add(member, "'" + member + "' may hold at most " + MAX_ENTRIES + " entries");
      return Map.of();
    }
    Map<String, String> map = f.stringMap(member);
    // names are not limited (OpenAPI 3.0 cannot state a limit on them; the entry count and the body limit bound them)
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getValue().codePointCount(0, e.getValue().length()) > MAX_VALUE_CHARACTERS) {
        // the value is not quoted: it may be a secret
        f.errors().add(member + "." + e.getKey(), "'" + member + "' values must be at most " + MAX_VALUE_CHARACTERS
            + " characters");
      }
    }
    return map;
  }
}
