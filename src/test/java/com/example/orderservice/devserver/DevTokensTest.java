package com.example.orderservice.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command's local key and tokens (security.md, "Local use"). */
class DevTokensTest {

  @TempDir Path root;

  @Test
  void withoutAConfiguredKeyItMakesOneKeepsItAndSignsADaysTokens() throws Exception {
    Map<String, String> env = new HashMap<>();
    DevTokens.Tokens first = DevTokens.configure(root, env).orElseThrow();
    Path publicPem = root.resolve("target/dev-jwt/public-key.pem");
    assertThat(env)
        .containsEntry(DevTokens.LOCATION_VARIABLE, publicPem.toUri().toString())
        .containsEntry(DevTokens.ISSUER_VARIABLE, DevTokens.ISSUER);

    RSAPublicKey key = readPublicKey(publicPem);
    for (String[] token :
        new String[][] {{first.storefront(), "storefront"}, {first.operator(), "operator"}}) {
      SignedJWT jwt = SignedJWT.parse(token[0]);
      assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
      assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
      assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(DevTokens.ISSUER);
      assertThat(jwt.getJWTClaimsSet().getStringListClaim("groups")).containsExactly(token[1]);
      assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
          .isBetween(
              Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
    }
    assertThat(Files.readString(root.resolve("target/dev-jwt/operator.jwt")).trim())
        .isEqualTo(first.operator());

    // A restart keeps the key, so tokens printed before still verify.
    DevTokens.configure(root, new HashMap<>()).orElseThrow();
    assertThat(readPublicKey(publicPem)).isEqualTo(key);
  }

  @Test
  void aConfiguredKeyWinsAndNothingIsMade() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of(DevTokens.KEY_VARIABLE, "-----BEGIN…"));
    assertThat(DevTokens.configure(root, env)).isEmpty();
    env = new HashMap<>(Map.of(DevTokens.LOCATION_VARIABLE, "https://idp.example.com/jwks"));
    assertThat(DevTokens.configure(root, env)).isEmpty();
    assertThat(root.resolve("target/dev-jwt")).doesNotExist();
    assertThat(env).doesNotContainKey(DevTokens.ISSUER_VARIABLE);
  }

  private static RSAPublicKey readPublicKey(Path pem) throws Exception {
    String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return (RSAPublicKey)
        KeyFactory.getInstance("RSA")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
