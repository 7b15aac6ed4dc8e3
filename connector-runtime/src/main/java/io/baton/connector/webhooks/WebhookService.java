package io.baton.connector.webhooks;

import io.baton.service.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * The service shell of a webhook-driven connector: the {@link WebhookServer} its platforms' webhooks arrive on and
 * the platform parts behind it (each a {@link WebhookConnector}, or a part that wraps one), built on every start once
 * the server's public address is known and started in order. Stop closes the server first, so no webhook arrives
 * while the parts behind it close, then stops the parts in reverse order, then {@link #released}.
 */
public abstract class WebhookService implements Service {
  private final String service;
  private final int port;
  private final String publicUrl;
  private WebhookServer server;
  private final List<Service> started = new ArrayList<>();

  /**
   * @param port      where the server listens (0: a free port)
   * @param publicUrl the base URL the platform reaches that port at (see {@link WebhookServer#publicUrl})
   */
  protected WebhookService(int port, String publicUrl) {
    this("connector", port, publicUrl);
  }

  /** @param service the connector's name in its meters ({@code connector-dixa}) */
  protected WebhookService(String service, int port, String publicUrl) {
    this.service = service;
    this.port = port;
    this.publicUrl = publicUrl;
  }

  /** The platform parts, registered on {@code server}; {@code base} is the public URL of the server. */
  protected abstract List<? extends Service> assemble(WebhookServer server, String base);

  /** After the parts stopped (also after a failed start): closes what they shared, such as an API client. */
  protected void released() {}

  /** Starts the server and the parts; a part that fails stops itself, then what started before it stops too. */
  @Override
  public final synchronized void start() {
    server = new WebhookServer(service, port);
    server.assembling();
    try {
      for (Service part : assemble(server, server.publicUrl(publicUrl))) {
        part.start();
        started.add(part);
      }
      server.assembled();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** The port the webhooks arrive on. */
  public int webhookPort() {
    return server.port();
  }

  @Override
  public final synchronized void stop() {
    if (server != null) {
      server.close(); // no webhook arrives while the parts behind it close
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).stop();
    }
    started.clear();
    released();
  }
}
