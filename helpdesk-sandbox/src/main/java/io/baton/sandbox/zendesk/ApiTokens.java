package io.baton.sandbox.zendesk;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * API token authentication (api-reference/introduction/security-and-auth): {@code Authorization: Basic
 * base64("{email}/token:{api_token}")}. Tokens are the account's, so any staff member's email goes with one; anything
 * else is 401 with the documented body.
 */
final class ApiTokens {
  private ApiTokens() {
  }

  static SupportUser authenticate(Set<String> tokens, SupportDirectory directory, String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      throw ZendeskError.unauthenticated();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ZendeskError.unauthenticated();
    }
    int at = decoded.indexOf("/token:");
    if (at < 0 || !tokens.contains(decoded.substring(at + 7))) {
      throw ZendeskError.unauthenticated();
    }
    return directory.byEmail(decoded.substring(0, at)).filter(SupportUser::isStaff)
        .orElseThrow(ZendeskError::unauthenticated);
  }
}
