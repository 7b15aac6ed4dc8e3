package io.baton.connector.webhooks;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Webhooks signed with the platform's private key (RSA, e.g. SHA256withRSA, base64 in a header over the raw body),
 * checked with the public key the connection holds (PEM or bare base64 of an X.509 SubjectPublicKeyInfo).
 */
public final class RsaSignature {
  private final String algorithm;
  private final String header;
  private final String publicKeyName;

  public RsaSignature(String algorithm, String header, String publicKeyName) {
    this.algorithm = algorithm;
    this.header = header;
    this.publicKeyName = publicKeyName;
  }

  public boolean verify(WebhookRequest request, Map<String, String> secrets) {
    String pem = secrets.get(publicKeyName);
    String given = request.header(header).orElse(null);
    if (pem == null || given == null) {
      return false;
    }
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initVerify(publicKey(pem));
      signature.update(request.body());
      return signature.verify(Base64.getDecoder().decode(given.trim()));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false; // a key or signature that does not even parse proves nothing
    }
  }

  /**
   * The public key of a PEM (or bare base64) X.509 SubjectPublicKeyInfo, also under an {@code RSA PUBLIC KEY} header
   * (Freshchat's admin UI shows its SubjectPublicKeyInfo so) and as a bare PKCS#1 {@code RSAPublicKey}; throws when it
   * is none, so a connection's key can be checked when the connection is activated rather than at its first webhook.
   */
  public static PublicKey publicKey(String pem) throws GeneralSecurityException {
    if (pem == null || pem.isBlank()) {
      throw new GeneralSecurityException("no key");
    }
    String base64 = pem.replaceAll("-----(BEGIN|END) (RSA )?PUBLIC KEY-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("not base64", e);
    }
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    try {
      return rsa.generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      return rsa.generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo(der)));
    }
  }

  /** A PKCS#1 RSAPublicKey wrapped as the SubjectPublicKeyInfo of algorithm rsaEncryption. */
  private static byte[] subjectPublicKeyInfo(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    byte[] bits = der(0x03, concat(new byte[] {0}, pkcs1));
    return der(0x30, concat(algorithm, bits));
  }

  private static byte[] der(int tag, byte[] content) {
    int n = content.length;
    byte[] length = n < 0x80 ? new byte[] {(byte) n}
        : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
        : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    return concat(new byte[] {(byte) tag}, concat(length, content));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
