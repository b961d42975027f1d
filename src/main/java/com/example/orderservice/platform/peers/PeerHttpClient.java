package com.example.orderservice.platform.peers;

import com.example.orderservice.platform.JsonbConfigurator;
import com.example.orderservice.platform.RequestIds;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One peer's JSON API over the JDK's {@link HttpClient}: JSON-B bodies, the idempotency key and
 * request id headers, keep-alive connections, and every failure named as what it means for the
 * caller: 4xx {@link PeerRejectedException}, 5xx/refused/reset {@link PeerUnavailableException}, no
 * answer in time {@link PeerTimeoutException}.
 */
// Not the MicroProfile REST client: in profiles of imports and creates its machinery (Jersey's
// invocation, header converters looked up by reflection per call, a telemetry filter) cost twice
// the CPU of the HTTP exchange itself. Fault Tolerance stays on the peers' facades.
public final class PeerHttpClient {

  private final String peer;
  private final URI base;
  private final Duration readTimeout;
  private final HttpClient http;

  /**
   * @param executor runs the client's internal tasks (a pool of the server's managed threads)
   */
  public PeerHttpClient(
      String peer,
      String baseUrl,
      Duration connectTimeout,
      Duration readTimeout,
      Executor executor) {
    this.peer = peer;
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.readTimeout = readTimeout;
    // HTTP/1.1 explicitly: the default would offer every plain request an upgrade to HTTP/2.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .executor(executor)
            .build();
  }

  /** POSTs {@code body} as JSON and reads the answer as {@code answer} (null: ignore the body). */
  public <T> T post(String path, String idempotencyKey, Object body, Class<T> answer) {
    byte[] json = JsonbConfigurator.jsonb().toJson(body).getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return exchange(request.build(), answer);
  }

  /** GETs {@code path} and reads the answer as {@code answer}. */
  public <T> T get(String path, Class<T> answer) {
    return exchange(request(path).GET().build(), answer);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(readTimeout)
            .header("Accept", "application/json");
    // Background work (outbox relay, settling) has no request: the peer then makes its own id.
    String requestId = RequestIds.current();
    if (requestId != null) {
      request.header(RequestIds.HEADER, requestId);
    }
    return request;
  }

  private <T> T exchange(HttpRequest request, Class<T> answer) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      // The request never left: nothing can have happened.
      throw new PeerUnavailableException(peer + " could not be reached in time", e);
    } catch (HttpTimeoutException e) {
      throw new PeerTimeoutException(peer + " did not answer in time", e);
    } catch (ConnectException e) {
      throw new PeerUnavailableException(peer + " refused the connection", e);
    } catch (IOException e) {
      throw new PeerUnavailableException(peer + " call failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerUnavailableException(peer + " call interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 500) {
      throw new PeerUnavailableException(
          "peer answered " + status + ": " + detailOf(response.body()), null);
    }
    if (status >= 400) {
      throw new PeerRejectedException(status, detailOf(response.body()));
    }
    if (answer == null || response.body().length == 0) {
      return null;
    }
    try {
      return JsonbConfigurator.jsonb()
          .fromJson(new String(response.body(), StandardCharsets.UTF_8), answer);
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
