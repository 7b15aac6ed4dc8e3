package io.baton.ingress.guard;

import io.baton.ingress.http.Problem;
import io.baton.ingress.http.ProblemException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which web pages may call the API from a browser. A tenant lists the origins that embed its widget; a request whose
 * {@code Origin} is another site is answered only when its credential's tenant lists that origin. A preflight carries
 * no credential, so it is answered for an origin some tenant lists, and the request that follows is checked against
 * its own credential's tenant. Same-origin pages (the demo widget the ingress serves) and callers without an
 * {@code Origin} (bot backends) are not concerned. Widgets send their token in {@code Authorization} (or the query),
 * never cookies, so credentials are not allowed.
 */
public final class CorsPolicy {
  static final String METHODS = "GET, POST, PUT, PATCH, DELETE";
  static final Set<String> METHOD_NAMES = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  static final Set<String> HEADERS = Set.of("authorization", "content-type", "idempotency-key", "last-event-id",
      "traceparent", "tracestate", "x-baton-tenant");
  static final String EXPOSED = "Retry-After, Location, WWW-Authenticate";
  static final String MAX_AGE_SECONDS = "600";

  private final Map<String, List<String>> originsByTenant;
  private final Set<String> anyTenant = new HashSet<>();

  public CorsPolicy(Map<String, List<String>> originsByTenant) {
    this.originsByTenant = originsByTenant;
    originsByTenant.values().forEach(anyTenant::addAll);
  }

  /** A page of the ingress's own origin (its Host), or no page at all: CORS does not apply. */
  public static boolean concerns(String origin, String host) {
    if (origin == null) {
      return false;
    }
    String authority = WebOrigin.authority(origin);
    return authority == null || host == null || !authority.equals(host.toLowerCase(Locale.ROOT));
  }

  public boolean allowsAnyTenant(String origin) {
    return anyTenant.contains(origin);
  }

  public boolean allows(String tenant, String origin) {
    return originsByTenant.getOrDefault(tenant, List.of()).contains(origin);
  }

  /** Whether a preflight asks for what this API answers: a known method and only headers it reads. */
  static boolean isAnswerable(String method, String requestHeaders) {
    if (method == null || !METHOD_NAMES.contains(method.trim())) {
      return false;
    }
    if (requestHeaders == null || requestHeaders.isBlank()) {
      return true;
    }
    for (String h : requestHeaders.split(",")) {
      if (!h.isBlank() && !HEADERS.contains(h.trim().toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  static ProblemException refused(String origin, String why) {
    return Problem.typed(403, "origin-not-allowed", "Origin not allowed",
        "pages of " + origin + " may not " + why + "; the tenant lists the origins that embed its widget"
            + " (BATON_INGRESS_CORS_ORIGINS)",
        List.of()).exception();
  }

  /** For a credentialed request from another site: refused unless the credential's tenant lists the origin. */
  public void requireAllowed(String tenant, String origin) {
    if (!allows(tenant, origin)) {
      throw refused(origin, "call this tenant's API");
    }
  }
}
