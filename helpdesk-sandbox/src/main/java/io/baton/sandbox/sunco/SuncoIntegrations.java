package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The app's integrations: the built-in Web Messenger ({@code web}, what the messenger page plays; it cannot be
 * deleted through the API) and custom integrations, each with exactly one webhook on creation (the {@code webhooks}
 * array of the spec's {@code custom} schema has one item) and at most ten webhooks in the whole app. Other
 * integration types are refused: the sandbox plays no third-party channel.
 */
final class SuncoIntegrations {
  static final int APP_WEBHOOK_LIMIT = 10;
  /** Every trigger the spec's {@code x-webhooks} has a payload for. */
  static final Set<String> TRIGGERS = Set.of("client:add", "client:remove", "client:update", "conversation:create",
      "conversation:join", "conversation:leave", "conversation:remove", "conversation:message",
      "conversation:message:delivery:channel", "conversation:message:delivery:failure",
      "conversation:message:delivery:user", "conversation:postback", "conversation:read", "conversation:referral",
      "conversation:typing", "switchboard:acceptControl", "switchboard:acceptControl:failure",
      "switchboard:offerControl", "switchboard:offerControl:failure", "switchboard:passControl",
      "switchboard:passControl:failure", "switchboard:releaseControl", "user:merge", "user:update", "user:remove");
  private static final Set<String> CREATE_FIELDS = Set.of("type", "displayName", "webhooks");
  private static final Set<String> WEBHOOK_FIELDS = Set.of("target", "triggers", "includeFullUser",
      "includeFullSource");

  /** One webhook: where and what it delivers; its secret goes out as {@code X-API-Key}. */
  record Webhook(String id, String integrationId, String target, List<String> triggers, String secret,
      boolean includeFullUser, boolean includeFullSource) {
    ObjectNode toJson() {
      ObjectNode json = SuncoJson.object().put("id", id).put("version", "v2").put("target", target);
      triggers.forEach(json.putArray("triggers")::add);
      return json.put("secret", secret).put("includeFullUser", includeFullUser)
          .put("includeFullSource", includeFullSource);
    }
  }

  /** One integration; {@code webhooks} is mutable. */
  record Integration(String id, String type, String[] displayName, List<Webhook> webhooks) {
    ObjectNode toJson() {
      ObjectNode json = SuncoJson.object().put("id", id).put("type", type).put("status", "active");
      if (displayName[0] != null) {
        json.put("displayName", displayName[0]);
      }
      if (type.equals("custom")) {
        var list = json.putArray("webhooks");
        webhooks.forEach(w -> list.add(w.toJson()));
      }
      return json;
    }
  }

  private final Map<String, Integration> integrations = new LinkedHashMap<>();
  private final Integration web;

  SuncoIntegrations(String webIntegrationId) {
    web = new Integration(webIntegrationId, "web", new String[] {"Web Messenger"}, new ArrayList<>());
    integrations.put(web.id(), web);
  }

  Integration web() {
    return web;
  }

  /** POST /integrations: a custom integration with its one webhook. */
  Integration create(ObjectNode body) {
    if (!"custom".equals(body.path("type").asText(null))) {
      throw SuncoError.badRequest("Invalid integration type");
    }
    SuncoJson.only(body, "", CREATE_FIELDS);
    String displayName = SuncoJson.nullableText(body, "displayName", "", 0, 100);
    JsonNode webhooks = body.get("webhooks");
    if (webhooks == null || !webhooks.isArray() || webhooks.size() != 1 || !webhooks.get(0).isObject()) {
      throw SuncoError.badRequest("A custom integration needs exactly one webhook");
    }
    checkAppLimit();
    String id = ObjectIds.next();
    Webhook webhook = webhook(id, (ObjectNode) webhooks.get(0), null);
    Integration integration = new Integration(id, "custom", new String[] {displayName}, new ArrayList<>());
    integration.webhooks().add(webhook);
    integrations.put(id, integration);
    return integration;
  }

  Integration require(String id) {
    Integration integration = integrations.get(id);
    if (integration == null) {
      throw SuncoError.integrationNotFound();
    }
    return integration;
  }

  Optional<Integration> find(String id) {
    return Optional.ofNullable(integrations.get(id));
  }

  /** GET /integrations, optionally {@code filter[types]=custom,web}. */
  List<Integration> list(Set<String> types) {
    return integrations.values().stream().filter(i -> types == null || types.contains(i.type())).toList();
  }

  /** PATCH /integrations/{id}: a custom integration's {@code displayName} ({@code customUpdate}). */
  Integration update(String id, ObjectNode body) {
    Integration integration = require(id);
    SuncoJson.only(body, "", Set.of("displayName"));
    if (body.has("displayName")) {
      integration.displayName()[0] = SuncoJson.nullableText(body, "displayName", "", 1, 100);
    }
    return integration;
  }

  /** DELETE /integrations/{id}: its webhooks go with it. */
  Integration delete(String id) {
    Integration integration = require(id);
    if (integration == web) {
      throw SuncoError.badRequest("SDK integrations configured on Admin Center cannot be deleted");
    }
    integrations.remove(id);
    return integration;
  }

  /** POST /integrations/{id}/webhooks: only a custom integration without a webhook may get one (else 403). */
  Webhook addWebhook(String integrationId, ObjectNode body) {
    Integration integration = require(integrationId);
    if (!integration.type().equals("custom") || !integration.webhooks().isEmpty()) {
      throw SuncoError.forbidden();
    }
    checkAppLimit();
    Webhook webhook = webhook(integrationId, body, null);
    integration.webhooks().add(webhook);
    return webhook;
  }

  List<Webhook> webhooksOf(String integrationId) {
    Integration integration = require(integrationId);
    if (!integration.type().equals("custom")) {
      throw SuncoError.forbidden();
    }
    return List.copyOf(integration.webhooks());
  }

  Webhook webhook(String integrationId, String webhookId) {
    return webhooksOf(integrationId).stream().filter(w -> w.id().equals(webhookId)).findFirst()
        .orElseThrow(SuncoError::resourceNotFound);
  }

  /** PATCH .../webhooks/{id}: the given fields replace the webhook's; the secret stays. */
  Webhook updateWebhook(String integrationId, String webhookId, ObjectNode body) {
    Webhook old = webhook(integrationId, webhookId);
    Webhook updated = webhook(integrationId, body, old);
    List<Webhook> list = require(integrationId).webhooks();
    list.set(list.indexOf(old), updated);
    return updated;
  }

  Webhook deleteWebhook(String integrationId, String webhookId) {
    Webhook webhook = webhook(integrationId, webhookId);
    require(integrationId).webhooks().remove(webhook);
    return webhook;
  }

  /** Every webhook of the app, in creation order. */
  List<Webhook> webhooks() {
    List<Webhook> all = new ArrayList<>();
    integrations.values().forEach(i -> all.addAll(i.webhooks()));
    return all;
  }

  private void checkAppLimit() {
    if (webhooks().size() >= APP_WEBHOOK_LIMIT) {
      throw SuncoError.badRequest("App has reached the max number of webhooks (" + APP_WEBHOOK_LIMIT + ")");
    }
  }

  /** A webhook from a body ({@code webhookCreateBody}, or {@code webhookBody} over {@code old}). */
  private static Webhook webhook(String integrationId, ObjectNode body, Webhook old) {
    SuncoJson.only(body, "webhook.", WEBHOOK_FIELDS);
    String target = SuncoJson.text(body, "target", "webhook.", 1, 2048);
    if (target == null && old == null) {
      throw SuncoError.badRequest("webhook.target is required");
    }
    if (target != null && !target.matches("https?://[^\\s/$.?#][^\\s]*")) {
      throw SuncoError.badRequest("webhook.target must be an absolute http(s) URL");
    }
    List<String> triggers = old == null ? null : old.triggers();
    JsonNode given = body.get("triggers");
    if (given != null || old == null) {
      if (given == null || !given.isArray() || given.isEmpty()) {
        throw SuncoError.badRequest("webhook.triggers is required (a non-empty array)");
      }
      List<String> names = new ArrayList<>();
      for (JsonNode t : given) {
        if (!t.isTextual() || !TRIGGERS.contains(t.asText())) {
          throw SuncoError.badRequest("webhook.triggers has an unknown trigger: " + t);
        }
        if (!names.contains(t.asText())) {
          names.add(t.asText());
        }
      }
      triggers = List.copyOf(names);
    }
    Boolean fullUser = SuncoJson.bool(body, "includeFullUser", "webhook.");
    Boolean fullSource = SuncoJson.bool(body, "includeFullSource", "webhook.");
    return new Webhook(old == null ? ObjectIds.next() : old.id(), integrationId,
        target == null ? old.target() : target, triggers, old == null ? ObjectIds.secret() : old.secret(),
        fullUser != null ? fullUser : old != null && old.includeFullUser(),
        fullSource != null ? fullSource : old != null && old.includeFullSource());
  }
}
