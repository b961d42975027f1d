package com.example.orderservice.devserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The run command's bearer tokens (security.md, "Local use"): when no verification key is
 * configured, a key pair kept in {@code target/dev-jwt} (so tokens survive a restart), the service
 * configured with it, and a {@code storefront} and an {@code operator} token valid for a day, also
 * written next to the key for scripts. A configured key always wins: then nothing is made.
 */
final class DevTokens {

  static final String ISSUER = "order-service-dev";
  static final String KEY_VARIABLE = "MP_JWT_VERIFY_PUBLICKEY";
  static final String LOCATION_VARIABLE = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";
  static final String ISSUER_VARIABLE = "MP_JWT_VERIFY_ISSUER";
  static final String AUDIENCES_VARIABLE = "MP_JWT_VERIFY_AUDIENCES";

  /** The two tokens the run command prints. */
  record Tokens(Path folder, String storefront, String operator) {}

  private DevTokens() {}

  /**
   * Configures {@code env} with the local key and answers the tokens, or answers nothing when the
   * environment names a key of its own.
   */
  static Optional<Tokens> configure(Path root, Map<String, String> env)
      throws IOException, GeneralSecurityException, JOSEException {
    if (!blank(env.get(KEY_VARIABLE)) || !blank(env.get(LOCATION_VARIABLE))) {
      return Optional.empty();
    }
    Path folder = root.resolve("target/dev-jwt");
    KeyPair keys = loadOrCreate(folder);
    // A URL: Payara Micro reads a location as a class-path resource or a URL, not a bare path.
    env.put(LOCATION_VARIABLE, folder.resolve("public-key.pem").toUri().toString());
    env.putIfAbsent(ISSUER_VARIABLE, ISSUER);
    String issuer = env.get(ISSUER_VARIABLE);
    String audience =
        blank(env.get(AUDIENCES_VARIABLE))
            ? null
            : env.get(AUDIENCES_VARIABLE).split(",")[0].trim();
    Tokens tokens =
        new Tokens(
            folder,
            sign(keys.getPrivate(), issuer, audience, "dev-storefront", "storefront"),
            sign(keys.getPrivate(), issuer, audience, "dev-operator", "operator"));
    Files.writeString(folder.resolve("storefront.jwt"), tokens.storefront() + "\n");
    Files.writeString(folder.resolve("operator.jwt"), tokens.operator() + "\n");
    return Optional.of(tokens);
  }

  private static KeyPair loadOrCreate(Path folder) throws IOException, GeneralSecurityException {
    Path privatePem = folder.resolve("private-key.pem");
    Path publicPem = folder.resolve("public-key.pem");
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    if (Files.exists(privatePem) && Files.exists(publicPem)) {
      PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)));
      PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(der(publicPem)));
      return new KeyPair(publicKey, privateKey);
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    Files.createDirectories(folder);
    Files.writeString(privatePem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    Files.writeString(publicPem, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    return keys;
  }

  private static String sign(
      PrivateKey key, String issuer, String audience, String subject, String role)
      throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject)
            .claim("upn", subject)
            .claim("groups", List.of(role))
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofDays(1))));
    if (audience != null) {
      claims.audience(audience);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
            claims.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static byte[] der(Path pemFile) throws IOException {
    String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
    return Base64.getDecoder()
        .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
