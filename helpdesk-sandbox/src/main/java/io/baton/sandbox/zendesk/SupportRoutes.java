package io.baton.sandbox.zendesk;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * Registers a Support API route also with the {@code .json} suffix Zendesk's docs use ({@code /api/v2/tickets.json}
 * and {@code /api/v2/tickets}). A path ending in a parameter needs no second route: the parameter takes the suffix and
 * {@link ZendeskSupportApi#id} drops it.
 */
final class SupportRoutes {
  private SupportRoutes() {
  }

  static void add(Javalin app, HandlerType method, String path, Handler handler) {
    app.addHttpHandler(method, path, handler);
    if (!path.endsWith("}")) {
      app.addHttpHandler(method, path + ".json", handler);
    }
  }
}
