package io.baton.ingress.webhook;

import io.baton.trace.TraceHeaders;
import io.baton.trace.TraceParent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.util.StringRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One signed POST of an event to a bot webhook. Connections go only to the addresses {@link PublicAddresses} allows,
 * resolved for each connection ({@link PublicAddressResolver}), so a name rebound to a private address after its
 * registration is refused before a byte is sent; redirects are not followed (a public URL answering 302 to
 * {@code http://169.254.169.254/} gets nowhere).
 */
final class WebhookClient implements AutoCloseable {
  private final HttpClient http = new HttpClient();
  private final Duration timeout;
  private final Clock clock;

  WebhookClient(Duration timeout, PublicAddresses addresses, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
    QueuedThreadPool pool = new QueuedThreadPool(8, 1);
    pool.setName("webhook-client");
    pool.setDaemon(true);
    http.setExecutor(pool);
    http.setConnectTimeout(timeout.toMillis());
    http.setFollowRedirects(false);
    http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Baton-Webhooks"));
    http.setSocketAddressResolver(new PublicAddressResolver(addresses, pool));
  }

  void start() {
    try {
      http.start();
    } catch (Exception e) {
      throw new IllegalStateException("the webhook client did not start", e);
    }
  }

  /** Null on success, else what went wrong (status, a refused address, or exception class; never the body). */
  String post(String url, byte[] secret, String eventId, String body, TraceParent trace, String traceState) {
    try {
      Request request = http.newRequest(url).method(HttpMethod.POST)
          .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).headers(h -> {
            h.remove(HttpHeader.ACCEPT_ENCODING);
            if (traceState != null) {
              h.put(TraceHeaders.TRACESTATE, traceState);
            }
            h.put(TraceParent.HEADER, trace.toString());
            h.put("Baton-Event-Id", eventId);
            h.put(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant().getEpochSecond(), body));
          }).body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8));
      int status = request.send().getStatus();
      return status >= 200 && status < 300 ? null : "HTTP " + status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof PublicAddresses.ForbiddenAddressException) {
        return "refused: " + cause.getMessage();
      }
      return cause.getClass().getSimpleName();
    } catch (TimeoutException e) {
      return "TimeoutException";
    }
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      // stopping: nothing left to deliver
    }
  }
}
