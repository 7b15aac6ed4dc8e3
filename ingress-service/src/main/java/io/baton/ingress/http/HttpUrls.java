package io.baton.ingress.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The absolute http(s) URLs the API takes (attachment links, the bot webhook): what {@link URI} parses with a host,
 * narrowed to a pattern the OpenAPI document states as is ({@link #PATTERN}), so a URL the document accepts is one the
 * server accepts: ASCII only, {@code %} only before two hex digits, a host of DNS labels (the last starting with a
 * letter) or a dotted IPv4 address, an optional port of up to five digits. The pattern uses lookaheads rather than
 * repeated groups, so matching a 2048-character URL does not recurse once per character (a stack overflow).
 */
public final class HttpUrls {
  public static final int MAX_LENGTH = 2048;
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  private static final String IPV4 = OCTET + "(\\." + OCTET + "){3}";
  /** Labels of letters, digits and inner hyphens; the last one starts with a letter; may end with a dot. */
  private static final String HOST_NAME = "(?![^/?#]*(\\.\\.|\\.-|-\\.))"
      + "(?=([A-Za-z0-9.-]*\\.)?[A-Za-z][A-Za-z0-9-]*\\.?([:/?#]|$))[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\\.?";
  private static final String PCHARS = "A-Za-z0-9._~!$&'()*+,;=:@/%-";
  public static final String PATTERN = "^(?!.*%(?![0-9A-Fa-f]{2}))[Hh][Tt][Tt][Pp][Ss]?://"
      + "([A-Za-z0-9._~!$&'()*+,;=:%-]+@)?(" + IPV4 + "|" + HOST_NAME + ")(:[0-9]{1,5})?"
      + "(/[" + PCHARS + "]*)?(\\?[?" + PCHARS + "]*)?(#[?" + PCHARS + "]*)?$";
  private static final Pattern COMPILED = Pattern.compile(PATTERN);

  private HttpUrls() {}

  public static boolean isHttpUrl(String url) {
    if (url.length() > MAX_LENGTH || !COMPILED.matcher(url).matches()) {
      return false;
    }
    try {
      return new URI(url).getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
