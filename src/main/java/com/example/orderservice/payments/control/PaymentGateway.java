package com.example.orderservice.payments.control;

import com.example.orderservice.payments.entity.ChargeOutcome;
import com.example.orderservice.payments.entity.ChargeRequest;
import com.example.orderservice.payments.entity.Payment;
import com.example.orderservice.payments.entity.RefundRequest;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.peers.PeerFailures;
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
    } catch (PeerUnavailableException | CircuitBreakerOpenException | BulkheadException e) {
      // The charge was refused by the peer's 5xx or never sent: no money was taken.
      LOG.log(Level.WARNING, "Order " + orderId + ": charge failed: " + e);
      return ChargeOutcome.FAILED;
    } catch (PeerTimeoutException | TimeoutException e) {
      LOG.warning(() -> "Order " + orderId + ": charge outcome unknown (" + e.getMessage() + ")");
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
   * Gives the money of a paid order back.
   *
   * @throws ApiProblem 502 or 503 when the refund is not confirmed; the caller must not cancel
   */
  public void refund(long orderId, BigDecimal amount) {
    Payment payment =
        findByOrder(orderId)
            .orElseThrow(
                () ->
                    ApiProblem.badGateway(
                        "The Payment Service knows no payment for order "
                            + orderId
                            + "; it was not refunded and stays paid."));
    try {
      peer.refund(refundKey(orderId), new RefundRequest(payment.id(), amount, "order_cancelled"));
    } catch (PeerRejectedException e) {
      if (e.status() == 409) {
        return; // already refunded: the money is back, which is all we need
      }
      throw refundImpossible(orderId, e);
    } catch (PeerUnavailableException
        | PeerTimeoutException
        | TimeoutException
        | CircuitBreakerOpenException
        | BulkheadException e) {
      throw refundImpossible(orderId, e);
    }
  }

  private static ApiProblem lookupFailed(long orderId, RuntimeException cause) {
    LOG.log(Level.WARNING, "Order " + orderId + ": payment look-up failed: " + cause);
    return ApiProblem.serviceUnavailable(
        "The Payment Service could not tell the payment of order "
            + orderId
            + " ("
            + PeerFailures.describe(cause)
            + "); nothing was changed. Try again later.");
  }

  private static ApiProblem refundImpossible(long orderId, RuntimeException cause) {
    LOG.log(Level.WARNING, "Order " + orderId + ": refund not done: " + cause.getMessage());
    String detail =
        "The refund for order "
            + orderId
            + " could not be confirmed by the Payment Service ("
            + PeerFailures.describe(cause)
            + "); the order stays paid. Try again later.";
    return cause instanceof PeerRejectedException
        ? ApiProblem.badGateway(detail)
        : ApiProblem.serviceUnavailable(detail);
  }
}
