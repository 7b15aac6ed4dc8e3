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

  static PublicKey publicKey(String pem) throws GeneralSecurityException {
    String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
