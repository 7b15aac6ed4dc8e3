package io.baton.ingress.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a bot webhook may reach: public unicast only, so a tenant cannot make the ingress call into its own
 * network (server-side request forgery). Refused: loopback (unless allowed, for the local stack and tests), private
 * (RFC 1918, IPv6 ULA), link-local, carrier-grade NAT, multicast, unspecified and "this network", broadcast and
 * reserved, and the cloud metadata addresses. Checked where the connection is made ({@link PublicAddressResolver}), so
 * a name that resolves to a public address when registered and to a private one later (DNS rebinding) is refused.
 */
public final class PublicAddresses {
  /** Resolves a host name to its addresses; {@link InetAddress#getAllByName} outside tests. */
  @FunctionalInterface
  public interface HostLookup {
    InetAddress[] lookup(String host) throws UnknownHostException;
  }

  private final boolean allowLoopback;
  private final HostLookup lookup;

  public PublicAddresses(boolean allowLoopback, HostLookup lookup) {
    this.allowLoopback = allowLoopback;
    this.lookup = lookup;
  }

  public boolean allowsLoopback() {
    return allowLoopback;
  }

  /** Why {@code address} may not be called, or empty when it may. */
  public Optional<String> refusal(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return allowLoopback ? Optional.empty() : Optional.of("loopback");
    }
    if (address instanceof Inet4Address) {
      return refusal4(address.getAddress());
    }
    byte[] b = address.getAddress();
    if (isEmbeddedIpv4(b)) { // ::a.b.c.d, NAT64 64:ff9b::a.b.c.d: judged by the IPv4 address inside
      byte[] v4 = {b[12], b[13], b[14], b[15]};
      try {
        return refusal(InetAddress.getByAddress(v4));
      } catch (UnknownHostException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    if (address.equals(EC2_METADATA_V6)) {
      return Optional.of("cloud metadata");
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of("unspecified");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("multicast");
    }
    if (address.isLinkLocalAddress() || (b[0] == (byte) 0xfe && (b[1] & 0xc0) == 0xc0)) { // fe80::/10, fec0::/10
      return Optional.of("link-local");
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return Optional.of("private (unique local)");
    }
    if ((b[0] & 0xe0) != 0x20) { // global unicast is 2000::/3 only
      return Optional.of("reserved");
    }
    return Optional.empty();
  }

  private static Optional<String> refusal4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 169 && a1 == 254) {
      return Optional.of((b[2] & 0xff) == 169 && (b[3] & 0xff) == 254 ? "cloud metadata" : "link-local");
    }
    if (a0 == 0) {
      return Optional.of("unspecified");
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return Optional.of("private");
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Optional.of("carrier-grade NAT");
    }
    if (a0 >= 224 && a0 < 240) {
      return Optional.of("multicast");
    }
    if (a0 >= 240) {
      return Optional.of("reserved");
    }
    return Optional.empty();
  }

  private static boolean isEmbeddedIpv4(byte[] b) {
    boolean zeros = true;
    for (int i = 0; i < 12; i++) {
      zeros &= b[i] == 0;
    }
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
    for (int i = 4; i < 12 && nat64; i++) {
      nat64 = b[i] == 0;
    }
    return zeros || nat64;
  }

  /** The addresses of {@code host} that may be called; refuses with the reasons when there are none. */
  public List<InetAddress> callable(String host) throws UnknownHostException {
    List<InetAddress> ok = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (InetAddress a : lookup.lookup(host)) {
      Optional<String> why = refusal(a);
      if (why.isEmpty()) {
        ok.add(a);
      } else {
        refused.add(a.getHostAddress() + " (" + why.get() + ")");
      }
    }
    if (ok.isEmpty()) {
      throw new ForbiddenAddressException(host + " resolves only to addresses a webhook may not reach: " + refused);
    }
    return ok;
  }

  /**
   * At registration: refused when the host is a bad address or a name resolving only to bad ones. A name that does
   * not resolve now is let through: it may later, and every connection is checked again.
   */
  public Optional<String> registrationRefusal(String host) {
    try {
      callable(host);
      return Optional.empty();
    } catch (ForbiddenAddressException e) {
      return Optional.of(e.getMessage());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** A host whose every address is refused; an UnknownHostException, so clients treat it as unreachable. */
  public static final class ForbiddenAddressException extends UnknownHostException {
    public ForbiddenAddressException(String message) {
      super(message);
    }
  }

  private static final InetAddress EC2_METADATA_V6;

  static {
    try {
      EC2_METADATA_V6 = Inet6Address.getByName("fd00:ec2::254");
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
