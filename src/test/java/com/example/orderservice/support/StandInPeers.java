package com.example.orderservice.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * The Payment and Notification Services as WireMock servers on loopback, answering from the mapping
 * files under {@code src/test/resources/wiremock} (the same files {@code docker/} uses).
 */
public final class StandInPeers implements AutoCloseable {

  private final WireMockServer payment;
  private final WireMockServer notification;

  private StandInPeers(WireMockServer payment, WireMockServer notification) {
    this.payment = payment;
    this.notification = notification;
  }

  /** Starts both peers, each keeping a journal of the requests it received; port 0 picks one. */
  public static StandInPeers start(int paymentPort, int notificationPort) {
    return start(paymentPort, notificationPort, true);
  }

  /**
   * Starts both peers; without a journal they cannot be asked what they received, but answer with
   * less than half the CPU (1.2 instead of 2.8 ms per request measured here), which benchmarks
   * need.
   */
  public static StandInPeers start(int paymentPort, int notificationPort, boolean journal) {
    WireMockServer payment = server("wiremock/payment", paymentPort, journal);
    WireMockServer notification = server("wiremock/notification", notificationPort, journal);
    return new StandInPeers(payment, notification);
  }

  private static WireMockServer server(String mappings, int port, boolean journal) {
    WireMockConfiguration options =
        options()
            .bindAddress("127.0.0.1")
            .port(port)
            .usingFilesUnderClasspath(mappings)
            .templatingEnabled(true)
            .globalTemplating(false)
            .containerThreads(64)
            .jettyAcceptors(2);
    if (journal) {
      options.maxRequestJournalEntries(100_000);
    } else {
      options.disableRequestJournal();
    }
    WireMockServer server = new WireMockServer(options);
    server.start();
    return server;
  }

  /**
   * A charge stub that answers {@code completed} after 300 ms for the charges whose body matches
   * the JSONPath {@code filter}: slow enough to stop or kill a server while an import charges.
   */
  public static MappingBuilder slowCompletedCharge(String filter) {
    return slowCompletedCharge(filter, 300);
  }

  /** {@link #slowCompletedCharge(String)} answering after {@code delayMillis}. */
  public static MappingBuilder slowCompletedCharge(String filter, int delayMillis) {
    return post(urlEqualTo("/api/v1/payments"))
        .withRequestBody(matchingJsonPath(filter))
        .willReturn(
            aResponse()
                .withStatus(201)
                .withFixedDelay(delayMillis)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 1, \"status\": \"completed\"}"));
  }

  public WireMockServer payment() {
    return payment;
  }

  public WireMockServer notification() {
    return notification;
  }

  @Override
  public void close() {
    payment.stop();
    notification.stop();
  }
}
