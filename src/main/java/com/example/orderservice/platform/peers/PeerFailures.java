package com.example.orderservice.platform.peers;

/**
 * Names a failed peer call in words a caller of this service may read: what kind of failure it was,
 * never the peer's own error text (security.md: no peer's raw text in error answers).
 */
public final class PeerFailures {

  private PeerFailures() {}

  public static String describe(Throwable failure) {
    if (failure instanceof PeerRejectedException rejected) {
      return "it refused the request with status " + rejected.status();
    }
    if (failure instanceof PeerTimeoutException
        || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
      return "it did not answer in time";
    }
    if (failure
            instanceof
            org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException
        || failure
            instanceof org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException) {
      return "it is not being called for a while after repeated failures, or is too busy";
    }
    return "it is unavailable";
  }
}
