package io.baton.ingress.webhook;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The webhook client's resolver: the addresses Jetty connects to are exactly the ones {@link PublicAddresses} let
 * through, resolved for this connection; TLS still verifies the URL's host name, since Jetty keeps it for SNI and the
 * certificate check. A host with none left fails the connection before any byte is sent.
 */
final class PublicAddressResolver implements SocketAddressResolver {
  private final PublicAddresses addresses;
  private final Executor executor;

  PublicAddressResolver(PublicAddresses addresses, Executor executor) {
    this.addresses = addresses;
    this.executor = executor;
  }

  @Override
  public void resolve(String host, int port, Promise<List<InetSocketAddress>> promise) {
    executor.execute(() -> { // a lookup blocks: never on the caller's (maybe a selector's) thread
      try {
        List<InetAddress> callable = addresses.callable(host);
        promise.succeeded(callable.stream().map(a -> new InetSocketAddress(a, port)).toList());
      } catch (Exception e) {
        promise.failed(e);
      }
    });
  }
}
