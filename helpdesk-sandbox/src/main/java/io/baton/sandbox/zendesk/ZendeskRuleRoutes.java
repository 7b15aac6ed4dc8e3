package io.baton.sandbox.zendesk;

import static io.baton.sandbox.zendesk.ZendeskSupportApi.BASE_PATH;
import static io.baton.sandbox.zendesk.ZendeskSupportApi.body;
import static io.baton.sandbox.zendesk.ZendeskSupportApi.adminCall;
import static io.baton.sandbox.zendesk.ZendeskSupportApi.id;
import static io.baton.sandbox.zendesk.ZendeskSupportApi.json;

import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.util.Map;

/**
 * Webhooks (api-reference/webhooks/webhooks: Create, List, Show, Update, Patch, Delete, Show and Reset Webhook Signing
 * Secret;
 * errors {@code {"errors":[...]}}) and triggers (api-reference/ticketing/business-rules/triggers: Create, List, Show,
 * Update, Delete). Both are the admins' ("Allowed for: Admins"): an agent gets 403.
 */
final class ZendeskRuleRoutes {
  private ZendeskRuleRoutes() {
  }

  static void register(Javalin app, ZendeskSupportSimulator z) {
    String v2 = BASE_PATH;
    app.post(v2 + "/webhooks", ctx -> adminCall(ctx, z, "webhooks", actor -> json(ctx, 201,
        Map.of("webhook", z.withWebhooks(w -> w.create(body(ctx).get("webhook"))).toJson()))));
    app.get(v2 + "/webhooks", ctx -> adminCall(ctx, z, "webhooks", actor -> json(ctx, 200, KitJson.object("webhooks",
        z.withWebhooks(w -> w.webhooks().stream().map(SupportWebhook::toJson).toList()), "meta",
        KitJson.object("has_more", false, "after_cursor", null, "before_cursor", null), "links",
        KitJson.object("next", null, "prev", null)))));
    app.get(v2 + "/webhooks/{webhookId}", ctx -> adminCall(ctx, z, "webhooks", actor -> json(ctx, 200,
        Map.of("webhook", z.withWebhooks(w -> w.webhook(ctx.pathParam("webhookId"))).toJson()))));
    app.put(v2 + "/webhooks/{webhookId}", ctx -> adminCall(ctx, z, "webhooks", actor -> {
      z.withWebhooks(w -> w.update(ctx.pathParam("webhookId"), body(ctx).get("webhook")));
      ctx.status(204);
    }));
    app.patch(v2 + "/webhooks/{webhookId}", ctx -> adminCall(ctx, z, "webhooks", actor -> {
      z.withWebhooks(w -> w.update(ctx.pathParam("webhookId"), body(ctx).get("webhook")));
      ctx.status(204);
    }));
    app.delete(v2 + "/webhooks/{webhookId}", ctx -> adminCall(ctx, z, "webhooks", actor -> {
      z.withWebhooks(w -> {
        w.delete(ctx.pathParam("webhookId"));
        return null;
      });
      ctx.status(204);
    }));
    app.post(v2 + "/webhooks/{webhookId}/signing_secret", ctx -> adminCall(ctx, z, "webhooks", actor -> json(ctx, 201,
        Map.of("signing_secret", KitJson.object("secret",
            z.withWebhooks(w -> w.resetSecret(ctx.pathParam("webhookId"))), "algorithm", "SHA256")))));
    app.get(v2 + "/webhooks/{webhookId}/signing_secret", ctx -> adminCall(ctx, z, "webhooks", actor -> json(ctx, 200,
        Map.of("signing_secret", KitJson.object("secret",
            z.withWebhooks(w -> w.webhook(ctx.pathParam("webhookId")).secret), "algorithm", "SHA256")))));

    SupportRoutes.add(app, HandlerType.POST, v2 + "/triggers",
        ctx -> adminCall(ctx, z, "triggers", actor -> json(ctx, 201,
            Map.of("trigger", z.createTrigger(body(ctx).get("trigger")).toJson(z.apiUrl())))));
    SupportRoutes.add(app, HandlerType.GET, v2 + "/triggers",
        ctx -> adminCall(ctx, z, "triggers",
            actor -> json(ctx, 200, ListPages.page(ctx, z.apiUrl() + "/triggers.json", "triggers",
                z.withTriggers(t -> t.triggers().stream().map(x -> x.toJson(z.apiUrl())).toList())))));
    SupportRoutes.add(app, HandlerType.GET, v2 + "/triggers/{id}",
        ctx -> adminCall(ctx, z, "triggers", actor -> json(ctx, 200,
            Map.of("trigger", z.withTriggers(t -> t.trigger(id(ctx)).toJson(z.apiUrl()))))));
    SupportRoutes.add(app, HandlerType.PUT, v2 + "/triggers/{id}",
        ctx -> adminCall(ctx, z, "triggers", actor -> json(ctx, 200,
            Map.of("trigger", z.updateTrigger(id(ctx), body(ctx).get("trigger")).toJson(z.apiUrl())))));
    SupportRoutes.add(app, HandlerType.DELETE, v2 + "/triggers/{id}", ctx -> adminCall(ctx, z, "triggers", actor -> {
      z.withTriggers(t -> {
        t.delete(id(ctx));
        return null;
      });
      ctx.status(204);
    }));
  }
}
