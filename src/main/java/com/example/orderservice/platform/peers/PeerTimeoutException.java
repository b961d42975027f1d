package com.example.orderservice.platform.peers;

/**
 * A peer did not answer in time. The request may have had its effect (a charge may have been
 * taken), so the outcome is unknown and must be settled later, never assumed failed.
 */
public class PeerTimeoutException extends RuntimeException {

  public PeerTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
