package io.baton.connector.calls;

import io.baton.trace.TraceParent;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The platform HTTP client with the W3C trace: a request sent while a command's trace is current ({@link CallTrace})
 * carries it as {@code traceparent}, in a span of its own, and its answer completes with that trace current again,
 * so a call chained on the answer (a token, then the message) carries it too; so does the command's
 * {@link CommandLease}. No platform Baton speaks to refuses an
 * unknown header (each platform's notes were checked), so every call carries it; a request that already names a
 * traceparent keeps its own.
 */
final class TracedHttpClient extends HttpClient {
  private final HttpClient client;

  TracedHttpClient(HttpClient client) {
    this.client = client;
  }

  static HttpRequest traced(HttpRequest request, TraceParent trace) {
    if (trace == null || request.headers().firstValue(TraceParent.HEADER).isPresent()) {
      return request;
    }
    return HttpRequest.newBuilder(request, (name, value) -> true).header(TraceParent.HEADER, trace.child().toString())
        .build();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return client.send(traced(request, CallTrace.current()), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return sendAsync(request, handler, null);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    TraceParent trace = CallTrace.current();
    var lease = CommandLease.current();
    CompletableFuture<HttpResponse<T>> answer = new CompletableFuture<>();
    CompletableFuture<HttpResponse<T>> sent = client.sendAsync(traced(request, trace), handler, push);
    sent.whenComplete((response, error) -> CommandLease.with(lease, () -> {
      CallTrace.run(trace, () -> {
        if (error != null) {
          answer.completeExceptionally(error); // as the client's own future held it
        } else {
          answer.complete(response);
        }
      });
      return null;
    }));
    // What the caller does to the answer reaches the request, as it did on the client's own future: a cancelled long
    // poll must be aborted, or it goes on taking the platform's events for a chat this instance has let go.
    answer.whenComplete((response, error) -> {
      if (!sent.isDone()) {
        if (answer.isCancelled()) {
          sent.cancel(true);
        } else if (error != null) {
          sent.completeExceptionally(error);
        }
      }
    });
    return answer;
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return client.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return client.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return client.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return client.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return client.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return client.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return client.authenticator();
  }

  @Override
  public Version version() {
    return client.version();
  }

  @Override
  public Optional<Executor> executor() {
    return client.executor();
  }

  @Override
  public java.net.http.WebSocket.Builder newWebSocketBuilder() {
    return client.newWebSocketBuilder();
  }
}
