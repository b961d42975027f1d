package com.example.orderservice.payments.control;

import com.example.orderservice.payments.entity.ChargeRequest;
import com.example.orderservice.payments.entity.Payment;
import com.example.orderservice.payments.entity.RefundRequest;
import com.example.orderservice.platform.peers.MeteredPeer;
import com.example.orderservice.platform.peers.PeerCalls;
import com.example.orderservice.platform.peers.PeerRejectedException;
import com.example.orderservice.platform.peers.PeerTimeoutException;
import com.example.orderservice.platform.peers.PeerUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The Payment Service behind MicroProfile Fault Tolerance: a breaker that answers at once while the
 * peer is down, a bulkhead bounding concurrent calls, and retries with backoff and jitter only for
 * the calls that carry an idempotency key and only after a transient failure. Every value is
 * configurable (see microprofile-config.properties).
 */
// Each attempt is bounded by the REST client's own connect and read timeouts (PAYMENT_TIMEOUT_MS),
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

  @Inject @RestClient PaymentServiceClient client;

  public Payment charge(String idempotencyKey, ChargeRequest request) {
    return PeerCalls.call(PEER, () -> client.charge(idempotencyKey, request));
  }

  /** A look-up carries no idempotency key: it is not retried here. */
  @Retry(maxRetries = 0)
  public Payment findByOrder(long orderId) {
    return PeerCalls.call(PEER, () -> client.findByOrder(orderId));
  }

  public Payment refund(String idempotencyKey, RefundRequest request) {
    return PeerCalls.call(PEER, () -> client.refund(idempotencyKey, request));
  }
}
