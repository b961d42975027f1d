package com.example.orderservice.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Bearer tokens for the integration tests, signed (Nimbus JOSE+JWT) with the test-only key pair in
 * {@code src/test/resources/jwt} that the build configures the server to trust, or made wrong on
 * purpose in one respect each.
 */
public final class TestTokens {

  /** What the build sets as MP_JWT_VERIFY_ISSUER and MP_JWT_VERIFY_AUDIENCES (pom.xml). */
  public static final String ISSUER = "order-service-test";

  public static final String AUDIENCE = "order-service";

  private static final PrivateKey KEY = readPrivateKey("/jwt/test-private-key.pem");

  private static volatile String operator;
  private static volatile String storefront;

  private TestTokens() {}

  /** A token of the {@code operator} role, subject {@code test-operator}; made once per run. */
  public static String operator() {
    if (operator == null) {
      operator = withGroups("test-operator", "operator");
    }
    return operator;
  }

  /** A token of the {@code storefront} role, subject {@code test-storefront}. */
  public static String storefront() {
    if (storefront == null) {
      storefront = withGroups("test-storefront", "storefront");
    }
    return storefront;
  }

  /** A valid token for {@code subject} with the given roles (none: an empty groups claim). */
  public static String withGroups(String subject, String... groups) {
    return sign(KEY, claims(subject, List.of(groups)).build());
  }

  /** A token with the test claims changed by {@code change}, signed with the trusted key. */
  public static String with(UnaryOperator<JWTClaimsSet.Builder> change) {
    return sign(KEY, change.apply(claims("test-operator", List.of("operator"))).build());
  }

  /** An operator token signed with a key the server does not know. */
  public static String forged() {
    try {
      PrivateKey other = new RSAKeyGenerator(2048).generate().toPrivateKey();
      return sign(other, claims("test-operator", List.of("operator")).build());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An operator token with {@code alg: none}: no signature at all. */
  public static String unsigned() {
    return new PlainJWT(claims("test-operator", List.of("operator")).build()).serialize();
  }

  /** An operator token that expired a minute ago. */
  public static String expired() {
    Instant issued = Instant.now().minus(Duration.ofHours(1));
    return with(
        c ->
            c.issueTime(Date.from(issued))
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(1)))));
  }

  private static JWTClaimsSet.Builder claims(String subject, List<String> groups) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .claim("upn", subject)
        .claim("groups", groups)
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(6))));
  }

  private static String sign(PrivateKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrivateKey readPrivateKey(String resource) {
    try (InputStream in = TestTokens.class.getResourceAsStream(resource)) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
