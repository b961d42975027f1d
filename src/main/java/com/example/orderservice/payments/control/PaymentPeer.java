package com.example.orderservice.payments.control;

import com.example.orderservice.payments.entity.ChargeRequest;
import com.example.orderservice.payments.entity.Payment;
import com.example.orderservice.payments.entity.RefundRequest;
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
 * The Payment Service behind MicroProfile Fault Tolerance: a breaker that answers at once while the
 * peer is down, a bulkhead bounding concurrent calls, and retries with backoff and jitter only for
 * the calls that carry an idempotency key and only after a transient failure. Every value is
 * configurable (see microprofile-config.properties).
 */
// Each attempt is bounded by the HTTP client's own connect and read timeouts (PAYMENT_TIMEOUT_MS),
// not by @Timeout: that schedules a task per call on a managed executor, which cost more CPU than
// the rest of the call.
@ApplicationScoped
@MeteredPeer("payment")
@CircuitBreaker(
    requestVolumeThreshold = 10,
    failureRatio = 0.5,
    delay = 5_000,
    successThreshold = 2,
    failOn = {PeerUnavailableException.class, PeerTimeoutException.class},
    skipOn = PeerRejectedException.class)
@Bulkhead(64)
@Retry(
    maxRetries = 2,
    delay = 200,
    jitter = 100,
    retryOn = PeerUnavailableException.class,
    abortOn = {PeerRejectedException.class, PeerTimeoutException.class})
public class PaymentPeer {

  private static final String PEER = "Payment Service";

  @Inject PeerClients clients;

  private PeerHttpClient client;

  @PostConstruct
  void open() {
    client = clients.open(PEER, "PAYMENT_SERVICE_URL", "PAYMENT_TIMEOUT_MS");
  }

  public Payment charge(String idempotencyKey, ChargeRequest request) {
    return client.post("api/v1/payments", idempotencyKey, request, Payment.class);
  }

  /** A look-up carries no idempotency key: it is not retried here. */
  @Retry(maxRetries = 0)
  public Payment findByOrder(long orderId) {
    return client.get("api/v1/payments/order/" + orderId, Payment.class);
  }

  public Payment refund(String idempotencyKey, RefundRequest request) {
    return client.post("api/v1/payments/refund", idempotencyKey, request, Payment.class);
  }
}
