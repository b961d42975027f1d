package com.example.orderservice.platform.peers;

/**
 * A peer answered 5xx, refused the connection or reset it: a transient failure after which the same
 * request (with the same idempotency key) may be tried again.
 */
public class PeerUnavailableException extends RuntimeException {

  public PeerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
