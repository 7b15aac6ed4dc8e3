package io.baton.ingress.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which addresses a bot webhook may reach, and what registration refuses. */
class PublicAddressesTest {
  static final PublicAddresses STRICT = new PublicAddresses(false, PublicAddressesTest::lookup);

  static InetAddress[] lookup(String host) throws UnknownHostException {
    return switch (host) {
      case "internal.test" -> new InetAddress[] {ip("10.1.2.3"), ip("fd00:ec2::254")};
      case "mixed.test" -> new InetAddress[] {ip("192.168.1.1"), ip("93.184.216.34")};
      default -> InetAddress.getAllByName(host);
    };
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void everyKindOfNonPublicAddressIsRefusedWithItsReason() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("127.0.0.1", "loopback");
    expected.put("127.8.9.10", "loopback");
    expected.put("::1", "loopback");
    expected.put("10.0.0.1", "private");
    expected.put("172.16.0.1", "private");
    expected.put("172.31.255.255", "private");
    expected.put("192.168.0.10", "private");
    expected.put("fc00::1", "private (unique local)");
    expected.put("fd12:3456::1", "private (unique local)");
    expected.put("169.254.0.1", "link-local");
    expected.put("fe80::1", "link-local");
    expected.put("100.64.0.1", "carrier-grade NAT");
    expected.put("100.127.255.254", "carrier-grade NAT");
    expected.put("224.0.0.1", "multicast");
    expected.put("ff02::1", "multicast");
    expected.put("0.0.0.0", "unspecified");
    expected.put("::", "unspecified");
    expected.put("255.255.255.255", "reserved");
    expected.put("169.254.169.254", "cloud metadata");
    expected.put("fd00:ec2::254", "cloud metadata");
    expected.put("::ffff:10.0.0.1", "private"); // IPv4-mapped: judged as the IPv4 address
    expected.put("64:ff9b::a9fe:a9fe", "cloud metadata"); // NAT64 of 169.254.169.254
    Map<String, String> actual = new LinkedHashMap<>();
    expected.keySet().forEach(a -> actual.put(a, STRICT.refusal(ip(a)).orElse("allowed")));
    assertEquals(expected, actual);
  }

  @Test
  void publicAddressesAreAllowedAndLoopbackOnlyWhenSwitchedOn() {
    for (String a : new String[] {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:2800:220:1::1"}) {
      assertEquals(Optional.empty(), STRICT.refusal(ip(a)), a);
    }
    PublicAddresses local = new PublicAddresses(true, PublicAddressesTest::lookup);
    assertEquals(Optional.empty(), local.refusal(ip("127.0.0.1")));
    assertEquals(Optional.empty(), local.refusal(ip("::1")));
    assertEquals(Optional.of("private"), local.refusal(ip("10.0.0.1")), "only loopback is let through");
  }

  @Test
  void registrationRefusesBadLiteralsAndNamesResolvingOnlyToBadAddresses() {
    assertEquals(Optional.of("127.0.0.1 resolves only to addresses a webhook may not reach: [127.0.0.1 (loopback)]"),
        STRICT.registrationRefusal("127.0.0.1"));
    assertEquals(Optional.of("internal.test resolves only to addresses a webhook may not reach: [10.1.2.3 (private),"
        + " fd00:ec2:0:0:0:0:0:254 (cloud metadata)]"), STRICT.registrationRefusal("internal.test"));
    assertEquals(Optional.empty(), STRICT.registrationRefusal("mixed.test"), "one public address is enough");
    assertEquals(Optional.empty(), STRICT.registrationRefusal("no-such-host.invalid"),
        "a name that does not resolve yet is checked at every connection");
  }

  @Test
  void aConnectionUsesOnlyThePublicAddressesOfAName() throws UnknownHostException {
    assertEquals(java.util.List.of(ip("93.184.216.34")), STRICT.callable("mixed.test"));
    UnknownHostException e = assertThrows(PublicAddresses.ForbiddenAddressException.class,
        () -> STRICT.callable("internal.test"));
    assertTrue(e.getMessage().contains("10.1.2.3 (private)"), e.getMessage());
  }
}
