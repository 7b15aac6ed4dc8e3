package io.baton.ingress.auth;

/**
 * Who made a request, as established by {@link Authenticator}.
 *
 * @param kind bot key, admin key or widget token
 * @param tenant the tenant acted for (the key's, the token's, or, for the admin key, {@code X-Baton-Tenant})
 * @param conversationId the one conversation a widget token is scoped to; null for keys
 */
public record Caller(Kind kind, String tenant, String conversationId) {
  public enum Kind { BOT, ADMIN, WIDGET }

  public boolean isWidget() { return kind == Kind.WIDGET; }
}
