package io.baton.ingress.http;

import io.baton.topics.ConversationKey;
import io.javalin.http.Context;

/**
 * The conversation a request is about: the tenant from {@code X-Baton-Tenant} (until API keys arrive) or the
 * configured default, and the conversation id from the path. Both become parts of every record key, so both are
 * checked against the key alphabet before anything else happens.
 */
public final class ConversationKeys {
  public static final String TENANT_HEADER = "X-Baton-Tenant";

  private ConversationKeys() {}

  public static ConversationKey resolve(Context ctx, String defaultTenant) {
    String tenant = ctx.header(TENANT_HEADER);
    if (tenant == null) {
      tenant = defaultTenant;
    } else if (!ConversationKey.isValidPart(tenant)) {
      throw Problem.badField("invalid-tenant", "Invalid tenant", TENANT_HEADER,
          "header " + TENANT_HEADER + " must match " + ConversationKey.PART.pattern()).exception();
    }
    String id = ctx.pathParam("id");
    if (!ConversationKey.isValidPart(id)) {
      throw Problem.badField("invalid-conversation-id", "Invalid conversation id", "conversationId",
          "'conversationId' in the path must match " + ConversationKey.PART.pattern()).exception();
    }
    return new ConversationKey(tenant, id);
  }
}
