package io.baton.sandbox.kit;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Whether the client of a held (long-polled) request has hung up. While a request is held, Jetty does not read its
 * connection, so a client that closed it goes unnoticed until the answer is written and lost; a non-blocking read
 * tells it first (end of stream: gone). An HTTP/1.1 client sends nothing while it waits for an answer.
 */
public final class ClientConnection {
  private ClientConnection() {
  }

  /** Asks, each time it is called, whether this request's client has closed its connection. */
  public static BooleanSupplier hungUp(Context ctx) {
    EndPoint endPoint = endPoint(ctx);
    if (endPoint == null) {
      return () -> false;
    }
    return () -> {
      if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
        return true;
      }
      try {
        return endPoint.fill(BufferUtil.allocate(1)) < 0;
      } catch (IOException | RuntimeException e) {
        return true;
      }
    };
  }

  private static EndPoint endPoint(Context ctx) {
    try {
      Request request = Request.getBaseRequest(ctx.req());
      return request == null || request.getHttpChannel() == null ? null : request.getHttpChannel().getEndPoint();
    } catch (RuntimeException e) {
      return null;
    }
  }

}
