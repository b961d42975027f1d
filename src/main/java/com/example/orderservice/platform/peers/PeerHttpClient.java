package com.example.orderservice.platform.peers;

import com.example.orderservice.platform.JsonbConfigurator;
import com.example.orderservice.platform.RequestIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One peer's JSON API over the JDK's {@link HttpURLConnection}: JSON-B bodies, the idempotency key
 * and request id headers, keep-alive connections, and every failure named as what it means for the
 * caller: 4xx {@link PeerRejectedException}, 5xx/refused/reset {@link PeerUnavailableException}, no
 * answer in time {@link PeerTimeoutException}.
 */
// Not the MicroProfile REST client: in profiles of imports and creates its machinery (Jersey's
// invocation, header converters looked up by reflection per call, a telemetry filter) cost twice
// the CPU of the HTTP exchange itself. Not java.net.http.HttpClient either: its selector and
// executor threads cost more CPU per call than the blocking connection, which is all a call that
// waits for its answer needs. Fault Tolerance stays on the peers' facades.
public final class PeerHttpClient {

  private final String peer;
  private final URI base;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;

  public PeerHttpClient(
      String peer, String baseUrl, Duration connectTimeout, Duration readTimeout) {
    this.peer = peer;
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.connectTimeoutMillis = (int) connectTimeout.toMillis();
    this.readTimeoutMillis = (int) readTimeout.toMillis();
  }

  /** POSTs {@code body} as JSON and reads the answer as {@code answer} (null: ignore the body). */
  public <T> T post(String path, String idempotencyKey, Object body, Class<T> answer) {
    byte[] json = JsonbConfigurator.jsonb().toJson(body).getBytes(StandardCharsets.UTF_8);
    return exchange(path, "POST", idempotencyKey, json, answer);
  }

  /** GETs {@code path} and reads the answer as {@code answer}. */
  public <T> T get(String path, Class<T> answer) {
    return exchange(path, "GET", null, null, answer);
  }

  private <T> T exchange(
      String path, String method, String idempotencyKey, byte[] json, Class<T> answer) {
    int status;
    byte[] body;
    try {
      HttpURLConnection call = (HttpURLConnection) base.resolve(path).toURL().openConnection();
      call.setConnectTimeout(connectTimeoutMillis);
      call.setReadTimeout(readTimeoutMillis);
      call.setRequestMethod(method);
      call.setRequestProperty("Accept", "application/json");
      // Background work (outbox relay, settling) has no request: the peer then makes its own id.
      String requestId = RequestIds.current();
      if (requestId != null) {
        call.setRequestProperty(RequestIds.HEADER, requestId);
      }
      if (idempotencyKey != null) {
        call.setRequestProperty("Idempotency-Key", idempotencyKey);
      }
      if (json != null) {
        call.setRequestProperty("Content-Type", "application/json");
        call.setDoOutput(true);
        // Not setFixedLengthStreamingMode: before a streamed POST on a kept-alive connection the
        // JDK probes the connection with a blocking read of 1 ms (HttpClient.available()), which
        // added 1.1 ms to every peer call. A buffered body lets it resend instead on a connection
        // the peer had closed; every POST here carries its Idempotency-Key, so a resend is safe.
        try (OutputStream out = call.getOutputStream()) {
          out.write(json);
        }
      }
      status = call.getResponseCode();
      // Read to the end and closed: the connection then goes back to the keep-alive cache.
      try (InputStream in = status >= 400 ? call.getErrorStream() : call.getInputStream()) {
        body = in == null ? new byte[0] : in.readAllBytes();
      }
    } catch (SocketTimeoutException e) {
      // A connect timeout means the request never left: nothing can have happened.
      if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
        throw new PeerUnavailableException(peer + " could not be reached in time", e);
      }
      throw new PeerTimeoutException(peer + " did not answer in time", e);
    } catch (ConnectException e) {
      throw new PeerUnavailableException(peer + " refused the connection", e);
    } catch (IOException e) {
      throw new PeerUnavailableException(peer + " call failed: " + e.getMessage(), e);
    }
    if (status >= 500) {
      throw new PeerUnavailableException("peer answered " + status + ": " + detailOf(body), null);
    }
    if (status >= 400) {
      throw new PeerRejectedException(status, detailOf(body));
    }
    if (answer == null || body.length == 0) {
      return null;
    }
    try {
      return JsonbConfigurator.jsonb().fromJson(new String(body, StandardCharsets.UTF_8), answer);
    } catch (RuntimeException unreadable) {
      throw new PeerUnavailableException(
          peer + " answered a body that is not its JSON", unreadable);
    }
  }

  /** The {@code detail} of a problem+json answer, else the answer's text, else null. */
  private static String detailOf(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      Object detail = JsonbConfigurator.jsonb().fromJson(text, Map.class).get("detail");
      return detail != null ? detail.toString() : text;
    } catch (RuntimeException notJson) {
      return text;
    }
  }
}
