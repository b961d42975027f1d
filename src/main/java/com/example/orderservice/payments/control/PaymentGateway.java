package com.example.orderservice.payments.control;

import com.example.orderservice.payments.entity.ChargeOutcome;
import com.example.orderservice.payments.entity.ChargeRequest;
import com.example.orderservice.payments.entity.Payment;
import com.example.orderservice.payments.entity.PaymentState;
import com.example.orderservice.payments.entity.RefundOutcome;
import com.example.orderservice.payments.entity.RefundRequest;
import com.example.orderservice.platform.peers.PeerRejectedException;
import com.example.orderservice.platform.peers.PeerTimeoutException;
import com.example.orderservice.platform.peers.PeerUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The Order Service's view of the Payment Service: charges, look-ups and refunds in the order's
 * terms, with the idempotency keys of peers.md. Keeps HTTP statuses and client exceptions out of
 * the orchestration.
 */
@ApplicationScoped
public class PaymentGateway {

  private static final Logger LOG = Logger.getLogger(PaymentGateway.class.getName());
  @Inject PaymentPeer peer;

  /** The idempotency key of the first charge of an order, the same for every retry of it. */
  public static String chargeKey(long orderId) {
    return "order-" + orderId + "-payment-1";
  }

  public static String refundKey(long orderId) {
    return "order-" + orderId + "-refund-1";
  }

  /** Charges the order once; never throws, the outcome says what happened. */
  public ChargeOutcome charge(long orderId, BigDecimal amount, String currency) {
    try {
      Payment payment =
          peer.charge(chargeKey(orderId), new ChargeRequest(orderId, amount, currency));
      if (payment == null || payment.status() == null) {
        LOG.warning(() -> "Order " + orderId + ": charge answered without a status");
        return ChargeOutcome.UNKNOWN;
      }
      return switch (payment.status()) {
        case "completed" -> ChargeOutcome.COMPLETED;
        case "failed" -> ChargeOutcome.FAILED;
        case "pending" -> ChargeOutcome.PENDING;
        default -> {
          LOG.warning(() -> "Order " + orderId + ": unexpected payment status " + payment.status());
          yield ChargeOutcome.UNKNOWN;
        }
      };
    } catch (PeerRejectedException e) {
      if (e.status() == 409) {
        LOG.severe(
            () ->
                "Order "
                    + orderId
                    + ": idempotency key "
                    + chargeKey(orderId)
                    + " was reused with a different body. This is a bug: "
                    + e.getMessage());
      } else {
        LOG.info(() -> "Order " + orderId + ": charge refused: " + e.getMessage());
      }
      return ChargeOutcome.FAILED;
    } catch (PeerUnavailableException
        | CircuitBreakerOpenException
        | BulkheadException
        | PeerTimeoutException
        | TimeoutException e) {
      // peers.md: only a business answer is final. A 5xx or a reset may come after the money was
      // taken; an open breaker or a full bulkhead sent nothing. Either way the same key settles it.
      LOG.warning(() -> "Order " + orderId + ": charge outcome not final (" + e + ")");
      return ChargeOutcome.UNKNOWN;
    }
  }

  /** The payment of an order, empty when the Payment Service knows none. */
  public Optional<Payment> findByOrder(long orderId) {
    try {
      return Optional.ofNullable(peer.findByOrder(orderId));
    } catch (PeerRejectedException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw lookupFailed(orderId, e);
    } catch (PeerUnavailableException
        | PeerTimeoutException
        | TimeoutException
        | CircuitBreakerOpenException
        | BulkheadException e) {
      throw lookupFailed(orderId, e);
    }
  }

  /**
   * Asks for the money of an order back, with the one refund key of the order; never throws, the
   * outcome says what happened.
   */
  public RefundOutcome refund(long orderId, BigDecimal amount) {
    try {
      Optional<Payment> payment = findByOrder(orderId);
      if (payment.isEmpty()) {
        LOG.warning(() -> "Order " + orderId + ": no payment known to refund");
        return RefundOutcome.REJECTED;
      }
      if (payment.get().state().filter(PaymentState.REFUNDED::equals).isPresent()) {
        return RefundOutcome.REFUNDED;
      }
      peer.refund(
          refundKey(orderId), new RefundRequest(payment.get().id(), amount, "order_cancelled"));
      return RefundOutcome.REFUNDED;
    } catch (PeerRejectedException e) {
      if (e.status() == 409) {
        return RefundOutcome.REFUNDED; // already refunded: the money is back
      }
      LOG.warning(() -> "Order " + orderId + ": refund refused: " + e.getMessage());
      return RefundOutcome.REJECTED;
    } catch (PaymentLookupFailedException
        | PeerUnavailableException
        | PeerTimeoutException
        | TimeoutException
        | CircuitBreakerOpenException
        | BulkheadException e) {
      LOG.warning(() -> "Order " + orderId + ": refund outcome not final (" + e + ")");
      return RefundOutcome.UNKNOWN;
    }
  }

  private static PaymentLookupFailedException lookupFailed(long orderId, RuntimeException cause) {
    LOG.log(Level.WARNING, "Order " + orderId + ": payment look-up failed: " + cause);
    return new PaymentLookupFailedException(orderId);
  }
}
