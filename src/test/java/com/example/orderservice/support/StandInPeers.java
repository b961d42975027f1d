package com.example.orderservice.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

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

  /** Starts both peers; a port of 0 picks a free one. */
  public static StandInPeers start(int paymentPort, int notificationPort) {
    WireMockServer payment = server("wiremock/payment", paymentPort);
    WireMockServer notification = server("wiremock/notification", notificationPort);
    return new StandInPeers(payment, notification);
  }

  private static WireMockServer server(String mappings, int port) {
    WireMockServer server =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .port(port)
                .usingFilesUnderClasspath(mappings)
                .templatingEnabled(true)
                .globalTemplating(false)
                .containerThreads(64)
                .jettyAcceptors(2)
                .maxRequestJournalEntries(100_000));
    server.start();
    return server;
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
