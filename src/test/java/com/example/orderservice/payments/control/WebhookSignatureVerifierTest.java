package com.example.orderservice.payments.control;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.orderservice.platform.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The webhook signature rules of peers.md against a fixed clock. */
class WebhookSignatureVerifierTest {

  private static final Instant NOW = Instant.parse("2025-12-01T10:00:00Z");
  private static final byte[] BODY =
      "{\"event_id\":\"evt_1\",\"order_id\":42,\"status\":\"completed\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final WebhookSignatureVerifier verifier =
      new WebhookSignatureVerifier(Optional.of("s3cret"), 300, Clock.fixed(NOW, ZoneOffset.UTC));

  private static String header(String secret, long t, byte[] body) {
    return "t="
        + t
        + ",v1="
        + HexFormat.of().formatHex(WebhookSignatureVerifier.sign(secret, String.valueOf(t), body));
  }

  @Test
  void acceptsAFreshCorrectSignature() {
    long t = NOW.getEpochSecond();
    assertThatCode(() -> verifier.verify(header("s3cret", t, BODY), BODY))
        .doesNotThrowAnyException();
    assertThatCode(() -> verifier.verify(header("s3cret", t - 300, BODY), BODY))
        .doesNotThrowAnyException();
    assertThatCode(() -> verifier.verify(header("s3cret", t + 300, BODY), BODY))
        .doesNotThrowAnyException();
  }

  @Test
  void knownVectorMatchesOpenssl() {
    // printf '1764583200.{"a":1}' | openssl dgst -sha256 -hmac s3cret
    byte[] mac =
        WebhookSignatureVerifier.sign(
            "s3cret", "1764583200", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    org.assertj.core.api.Assertions.assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("fda898069c78479e8efede4fd4e92587feb16bf157f387fc3745e06f1d419f3b");
  }

  @Test
  void refusesEverythingElse() {
    long t = NOW.getEpochSecond();
    for (String header :
        new String[] {
          null,
          "",
          "v1=abc",
          "t=abc,v1=00",
          "t=" + t,
          "t=" + t + ",v1=not-hex",
          header("other", t, BODY),
          header("s3cret", t - 301, BODY),
          header("s3cret", t + 301, BODY),
          header("s3cret", t, "{}".getBytes(StandardCharsets.UTF_8))
        }) {
      assertThatThrownBy(() -> verifier.verify(header, BODY))
          .as("header %s", header)
          .isInstanceOfSatisfying(
              ApiProblem.class,
              p -> org.assertj.core.api.Assertions.assertThat(p.status()).isEqualTo(401));
    }
  }

  @Test
  void withoutASecretNothingIsAccepted() {
    WebhookSignatureVerifier unconfigured =
        new WebhookSignatureVerifier(Optional.empty(), 300, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(
            () -> unconfigured.verify(header("s3cret", NOW.getEpochSecond(), BODY), BODY))
        .isInstanceOf(ApiProblem.class);
  }
}
