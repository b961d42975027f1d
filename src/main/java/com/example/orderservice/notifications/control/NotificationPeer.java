package com.example.orderservice.notifications.control;

import com.example.orderservice.notifications.entity.EmailRequest;
import com.example.orderservice.platform.peers.MeteredPeer;
import com.example.orderservice.platform.peers.PeerClients;
import com.example.orderservice.platform.peers.PeerHttpClient;
import com.example.orderservice.platform.peers.PeerRejectedException;
import com.example.orderservice.platform.peers.PeerTimeoutException;
import com.example.orderservice.platform.peers.PeerUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The Notification Service behind MicroProfile Fault Tolerance (breaker, bulkhead, a short retry on
 * transient failures). Longer waits are the outbox relay's backoff, not this.
 */
// Each attempt is bounded by the HTTP client's own connect and read timeouts
// (NOTIFICATION_TIMEOUT_MS), not by @Timeout: that schedules a task per call on a managed
// executor, which cost more CPU than the rest of the call.
@ApplicationScoped
@MeteredPeer("notification")
@CircuitBreaker(
    requestVolumeThreshold = 10,
    failureRatio = 0.5,
    delay = 5_000,
    successThreshold = 2,
    failOn = {PeerUnavailableException.class, PeerTimeoutException.class},
    skipOn = PeerRejectedException.class)
@Bulkhead(32)
@Retry(
    maxRetries = 1,
    delay = 200,
    jitter = 100,
    retryOn = PeerUnavailableException.class,
    abortOn = {PeerRejectedException.class, PeerTimeoutException.class})
public class NotificationPeer {

  @Inject PeerClients clients;

  private PeerHttpClient client;

  @PostConstruct
  void open() {
    client =
        clients.open("Notification Service", "NOTIFICATION_SERVICE_URL", "NOTIFICATION_TIMEOUT_MS");
  }

  /** Sends one e-mail; throws when the peer did not accept it. */
  public void send(String idempotencyKey, EmailRequest request) {
    client.post("api/v1/notifications/email", idempotencyKey, request, null);
  }
}
