package com.example.orderservice.support;

import com.example.orderservice.payments.control.WebhookSignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/** Signs webhook bodies as the Payment Service does (peers.md), for tests and stand-ins. */
public final class WebhookSignatures {

  private WebhookSignatures() {}

  /** The {@code X-Payment-Signature} header for {@code body} at {@code timestamp}. */
  public static String header(String secret, long timestamp, String body) {
    byte[] mac =
        WebhookSignatureVerifier.sign(
            secret, String.valueOf(timestamp), body.getBytes(StandardCharsets.UTF_8));
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac);
  }

  /** The header for {@code body} signed now. */
  public static String now(String secret, String body) {
    return header(secret, Instant.now().getEpochSecond(), body);
  }
}
