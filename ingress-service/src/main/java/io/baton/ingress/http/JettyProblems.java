package io.baton.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers as problem+json instead of its HTML page: requests Jetty refuses before Javalin sees them
 * (a NUL byte or an ambiguous {@code %2F} / {@code //} in the path, a malformed header) and errors raised outside
 * Javalin's handlers. Installed on the server and on the servlet context.
 */
public final class JettyProblems extends ErrorHandler {
  public JettyProblems() {
    setShowStacks(false);
    setShowServlet(false);
  }

  /** Requests Jetty could not parse: answered by the connection itself, without a servlet. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    return ByteBuffer.wrap(body(status, reason));
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    if (response.isCommitted()) {
      return;
    }
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    byte[] body = body(response.getStatus(), message == null ? null : message.toString());
    response.setContentType(Problem.CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static byte[] body(int status, String reason) {
    String title = HttpStatus.getMessage(status);
    ObjectNode body = Json.object();
    body.put("type", "about:blank");
    body.put("title", title == null ? "Error" : title);
    body.put("status", status);
    body.put("detail", status == 400 ? "the request could not be read: " + (reason == null ? "malformed" : reason)
        : reason == null ? title : reason);
    return Json.write(body).getBytes(StandardCharsets.UTF_8);
  }
}
