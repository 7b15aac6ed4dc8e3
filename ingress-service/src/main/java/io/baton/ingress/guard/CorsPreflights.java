package io.baton.ingress.guard;

import io.baton.ingress.http.ErrorHandling;
import io.baton.ingress.http.Problem;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Answers CORS preflights ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) of the API,
 * before routing and authentication, since a preflight carries no credential: 204 with the {@code Access-Control-*}
 * headers a browser needs when some tenant lists the origin and the method and headers are ones the API takes, else
 * a 403 problem without them. Any other request passes on.
 */
public final class CorsPreflights implements Filter {
  private final CorsPolicy policy;

  public CorsPreflights(CorsPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    String origin = req.getHeader("Origin");
    String method = req.getHeader("Access-Control-Request-Method");
    if (!"OPTIONS".equals(req.getMethod()) || origin == null || method == null
        || !req.getRequestURI().startsWith("/v1/")) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletResponse res = (HttpServletResponse) response;
    res.setHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    String headers = req.getHeader("Access-Control-Request-Headers");
    if (!policy.allowsAnyTenant(origin)) {
      refuse(res, CorsPolicy.refused(origin, "call this API").problem());
      return;
    }
    if (!CorsPolicy.isAnswerable(method, headers)) {
      refuse(res, Problem.typed(403, "origin-not-allowed", "Preflight refused", "the API answers "
          + CorsPolicy.METHODS + " with the headers " + CorsPolicy.HEADERS + "; asked for " + method
          + (headers == null ? "" : " with " + headers), java.util.List.of()));
      return;
    }
    res.setStatus(204);
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Methods", CorsPolicy.METHODS);
    if (headers != null && !headers.isBlank()) {
      res.setHeader("Access-Control-Allow-Headers", headers.toLowerCase(Locale.ROOT));
    }
    res.setHeader("Access-Control-Max-Age", CorsPolicy.MAX_AGE_SECONDS);
  }

  private static void refuse(HttpServletResponse res, Problem problem) throws IOException {
    byte[] body = ErrorHandling.json(problem).getBytes(StandardCharsets.UTF_8);
    res.setStatus(problem.status());
    res.setContentType(Problem.CONTENT_TYPE);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
