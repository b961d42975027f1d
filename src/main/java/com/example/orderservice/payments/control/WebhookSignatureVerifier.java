package com.example.orderservice.payments.control;

import com.example.orderservice.platform.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks {@code X-Payment-Signature: t=<unix seconds>,v1=<hex>} (peers.md): an HMAC-SHA256 of
 * {@code <t>.<raw body>} with the shared secret, no more than the tolerance away from our clock,
 * compared in constant time. Without a configured secret every call is refused.
 */
@ApplicationScoped
public class WebhookSignatureVerifier {

  public static final String HEADER = "X-Payment-Signature";

  private Optional<String> secret;
  private long toleranceSeconds;
  private Clock clock;

  protected WebhookSignatureVerifier() {}

  @Inject
  public WebhookSignatureVerifier(
      @ConfigProperty(name = "PAYMENT_WEBHOOK_SECRET") Optional<String> secret,
      @ConfigProperty(name = "PAYMENT_WEBHOOK_TOLERANCE_SECONDS", defaultValue = "300")
          long toleranceSeconds) {
    this(secret, toleranceSeconds, Clock.systemUTC());
  }

  WebhookSignatureVerifier(Optional<String> secret, long toleranceSeconds, Clock clock) {
    this.secret = secret.filter(s -> !s.isBlank());
    this.toleranceSeconds = toleranceSeconds;
    this.clock = clock;
  }

  /**
   * @throws ApiProblem 401 for a missing, malformed, stale or wrong signature
   */
  public void verify(String header, byte[] body) {
    String key = secret.orElseThrow(() -> refused("no webhook secret is configured"));
    if (header == null || header.isBlank()) {
      throw refused("the " + HEADER + " header is missing");
    }
    String timestamp = null;
    String signature = null;
    for (String part : header.split(",")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length == 2 && pair[0].equals("t")) {
        timestamp = pair[1];
      } else if (pair.length == 2 && pair[0].equals("v1")) {
        signature = pair[1];
      }
    }
    if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
      throw refused("the " + HEADER + " header is malformed; expected t=<unix seconds>,v1=<hex>");
    }
    long age = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
    if (age > toleranceSeconds) {
      throw refused("the signature timestamp is more than " + toleranceSeconds + " s from now");
    }
    byte[] expected = sign(key, timestamp, body);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature);
    } catch (IllegalArgumentException e) {
      throw refused("the signature is not hexadecimal");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw refused("the signature does not match");
    }
  }

  /** HMAC-SHA256 of {@code <timestamp>.<body>}; also what a test or a peer uses to sign. */
  public static byte[] sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static ApiProblem refused(String why) {
    return ApiProblem.unauthorized("Webhook refused: " + why + ".");
  }
}
