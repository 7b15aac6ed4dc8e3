package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HandlerType;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Integrations, their webhooks, the switchboard and its switchboard integrations, as the spec's paths have them.
 * Deleting an integration drops its webhooks (and their queued deliveries) and takes it out of the switchboard.
 */
final class IntegrationRoutes {
  private IntegrationRoutes() {
  }

  static void register(SuncoApi.Routes r) {
    SuncoSimulator s = r.sunco();
    SuncoIntegrations integrations = s.integrations();
    r.on(HandlerType.POST, "/integrations", "CreateIntegration", 201,
        (ctx, body) -> ConversationRoutes.wrap("integration", integrations.create(body).toJson()));
    r.on(HandlerType.GET, "/integrations", "ListIntegrations", 200, (ctx, body) -> {
      String types = ctx.queryParam("filter[types]");
      Set<String> wanted = types == null ? null
          : Arrays.stream(types.split(",")).map(String::trim).collect(Collectors.toSet());
      ObjectNode answer = SuncoJson.object();
      ArrayNode list = answer.putArray("integrations");
      integrations.list(wanted).forEach(i -> list.add(i.toJson()));
      answer.putObject("meta").put("hasMore", false);
      answer.putObject("links");
      return answer;
    });
    r.on(HandlerType.GET, "/integrations/{id}", "GetIntegration", 200,
        (ctx, body) -> ConversationRoutes.wrap("integration", integrations.require(ctx.pathParam("id")).toJson()));
    r.on(HandlerType.PATCH, "/integrations/{id}", "UpdateIntegration", 200, (ctx, body) -> ConversationRoutes
        .wrap("integration", integrations.update(ctx.pathParam("id"), body).toJson()));
    r.on(HandlerType.DELETE, "/integrations/{id}", "DeleteIntegration", 200, (ctx, body) -> {
      SuncoIntegrations.Integration gone = integrations.delete(ctx.pathParam("id"));
      gone.webhooks().forEach(w -> s.webhooks().remove(w.id()));
      s.switchboard().removeIntegration(gone.id());
      return SuncoJson.object();
    });

    String webhooks = "/integrations/{id}/webhooks";
    r.on(HandlerType.POST, webhooks, "CreateWebhook", 201, (ctx, body) -> ConversationRoutes.wrap("webhook",
        integrations.addWebhook(ctx.pathParam("id"), body).toJson()));
    r.on(HandlerType.GET, webhooks, "ListWebhooks", 200, (ctx, body) -> {
      ObjectNode answer = SuncoJson.object();
      ArrayNode list = answer.putArray("webhooks");
      integrations.webhooksOf(ctx.pathParam("id")).forEach(w -> list.add(w.toJson()));
      return answer;
    });
    r.on(HandlerType.GET, webhooks + "/{webhookId}", "GetWebhook", 200, (ctx, body) -> ConversationRoutes
        .wrap("webhook", integrations.webhook(ctx.pathParam("id"), ctx.pathParam("webhookId")).toJson()));
    r.on(HandlerType.PATCH, webhooks + "/{webhookId}", "UpdateWebhook", 200, (ctx, body) -> ConversationRoutes
        .wrap("webhook", integrations.updateWebhook(ctx.pathParam("id"), ctx.pathParam("webhookId"), body)
            .toJson()));
    r.on(HandlerType.DELETE, webhooks + "/{webhookId}", "DeleteWebhook", 200, (ctx, body) -> {
      s.webhooks().remove(integrations.deleteWebhook(ctx.pathParam("id"), ctx.pathParam("webhookId")).id());
      return SuncoJson.object();
    });

    Switchboard board = s.switchboard();
    r.on(HandlerType.POST, "/switchboards", "CreateSwitchboard", 201, (ctx, body) -> {
      SuncoJson.only(body, "", Set.of());
      board.create();
      return ConversationRoutes.wrap("switchboard", board.toJson());
    });
    r.on(HandlerType.GET, "/switchboards", "ListSwitchboards", 200, (ctx, body) -> {
      ObjectNode answer = SuncoJson.object();
      ArrayNode list = answer.putArray("switchboards");
      if (board.exists()) {
        list.add(board.toJson());
      }
      return answer;
    });
    r.on(HandlerType.PATCH, "/switchboards/{sb}", "UpdateSwitchboard", 200, (ctx, body) -> {
      board.update(ctx.pathParam("sb"), body);
      return ConversationRoutes.wrap("switchboard", board.toJson());
    });
    r.on(HandlerType.DELETE, "/switchboards/{sb}", "DeleteSwitchboard", 200, (ctx, body) -> {
      board.delete(ctx.pathParam("sb"));
      return SuncoJson.object();
    });
    String members = "/switchboards/{sb}/switchboardIntegrations";
    r.on(HandlerType.POST, members, "CreateSwitchboardIntegration", 201, (ctx, body) -> ConversationRoutes
        .wrap("switchboardIntegration", board.add(ctx.pathParam("sb"), body, integrations).toJson()));
    r.on(HandlerType.GET, members, "ListSwitchboardIntegrations", 200, (ctx, body) -> {
      board.require(ctx.pathParam("sb"));
      ObjectNode answer = SuncoJson.object();
      ArrayNode list = answer.putArray("switchboardIntegrations");
      board.members().forEach(m -> list.add(m.toJson()));
      return answer;
    });
    r.on(HandlerType.PATCH, members + "/{member}", "UpdateSwitchboardIntegration", 200,
        (ctx, body) -> ConversationRoutes.wrap("switchboardIntegration",
            board.update(ctx.pathParam("sb"), ctx.pathParam("member"), body, integrations).toJson()));
    r.on(HandlerType.DELETE, members + "/{member}", "DeleteSwitchboardIntegration", 200, (ctx, body) -> {
      board.remove(ctx.pathParam("sb"), ctx.pathParam("member"));
      return SuncoJson.object();
    });
  }
}
