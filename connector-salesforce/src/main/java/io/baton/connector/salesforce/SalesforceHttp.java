package io.baton.connector.salesforce;

import io.baton.connector.calls.PlatformHttp;
import io.baton.events.Attachment;
import io.baton.events.VisitorMessage;
import java.net.http.HttpClient;

/**
 * What the Live Agent and MIAW platforms share: the runtime's {@link PlatformHttp} client (four threads), and a
 * visitor message as the plain text both APIs take.
 */
public final class SalesforceHttp implements AutoCloseable {
  private final PlatformHttp http;

  public SalesforceHttp(String threadName) {
    http = new PlatformHttp(threadName, 4);
  }

  public HttpClient client() {
    return http.client();
  }

  /** The text, then each attachment as a line {@code [name] url} (MIAW: files from the visitor are not done). */
  public static String text(VisitorMessage message) {
    StringBuilder text = new StringBuilder(message.getText());
    for (Attachment a : message.getAttachments()) {
      text.append("\n[").append(a.getName()).append("] ").append(a.getUrl());
    }
    return text.toString();
  }

  @Override
  public void close() {
    http.close();
  }
}
