package io.baton.connector.zendesk.sunco;

import io.baton.events.VisitorContext;
import io.baton.events.ZendeskSuncoHandover;

/**
 * Who the visitor is at Zendesk: the identity (the connection's {@code identityMapping} variable, e.g. {@code mail},
 * read from the visitor's context) becomes the SunCo user's externalId and profile email and the requester's email;
 * without one the user gets a Baton-derived externalId of its own. The payload's name and email win for the
 * requester.
 *
 * @param identity the mapped identity's value; null when none is configured or the visitor has none
 */
record SuncoRequester(String identity, String name, String email) {

  static SuncoRequester of(SuncoSettings settings, VisitorContext context, ZendeskSuncoHandover payload) {
    String identity = null;
    String mapping = settings.identityMapping();
    if (mapping != null && context != null) {
      identity = context.getAttributes().get(mapping);
      if (blank(identity) && (mapping.equals("mail") || mapping.equals("email"))) {
        identity = context.getEmail();
      }
      identity = blank(identity) ? null : identity.trim();
    }
    String name = !blank(payload.getName()) ? payload.getName()
        : context != null && !blank(context.getName()) ? context.getName() : null;
    String email = !blank(payload.getEmail()) ? payload.getEmail()
        : identity != null && identity.contains("@") ? identity
        : context != null && !blank(context.getEmail()) ? context.getEmail() : null;
    return new SuncoRequester(identity, name, email);
  }

  /** The SunCo user's externalId: the identity, else one per Baton conversation. */
  String externalId(String tenant, String conversationId) {
    return identity != null ? identity : "baton-" + tenant + "-" + conversationId;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
