package io.baton.ingress.auth;

import io.baton.ingress.http.Problem;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import java.util.List;

/** What each kind of caller may do; every conversation route goes through {@link #conversation}. */
public final class Access {
  private Access() {}

  /** What a route needs. */
  public enum Need {
    /** bot key, admin key, or a widget token of this very conversation */
    VISITOR,
    /** bot key or admin key */
    BOT
  }

  /**
   * The conversation of the path, as the caller's tenant sees it: a key of tenant A names A's conversation {@code id},
   * never B's. A widget token opens only its own conversation.
   */
  public static ConversationKey conversation(Context ctx, Need need) {
    Caller caller = Authenticator.caller(ctx);
    String id = conversationId(ctx);
    if (caller.isWidget()) {
      if (need != Need.VISITOR) {
        throw forbidden("a widget token may not do this; use a bot key");
      }
      if (!caller.conversationId().equals(id)) {
        throw forbidden("this widget token is for another conversation");
      }
    }
    return new ConversationKey(caller.tenant(), id);
  }

  /**
   * The path's conversation id: the key alphabet, and not only dots ("." and ".." are path segments to every client
   * and connector that builds a URL from an id).
   */
  public static String conversationId(Context ctx) {
    String id = ctx.pathParam("id");
    if (!isSafeId(id)) {
      throw invalidConversationId().exception();
    }
    return id;
  }

  public static Problem invalidConversationId() {
    return Problem.badField("invalid-conversation-id", "Invalid conversation id", "conversationId",
        "'conversationId' in the path must match " + ConversationKey.PART.pattern() + " and not be only dots");
  }

  public static boolean isSafeId(String id) {
    return ConversationKey.isValidPart(id) && !id.chars().allMatch(c -> c == '.');
  }

  /** Tenant-level routes (connections, widget tokens): keys only. */
  public static String tenant(Context ctx) {
    Caller caller = Authenticator.caller(ctx);
    if (caller.isWidget()) {
      throw forbidden("a widget token may not do this; use a bot key");
    }
    return caller.tenant();
  }

  public static RuntimeException forbidden(String detail) {
    return Problem.typed(403, "forbidden", "Forbidden", detail, List.of()).exception();
  }
}
