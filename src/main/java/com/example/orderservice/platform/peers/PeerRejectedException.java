package com.example.orderservice.platform.peers;

/**
 * A peer answered 4xx: the request itself was refused (a declined card, a wrong body). Trying the
 * same request again cannot help, so it is never retried.
 */
public class PeerRejectedException extends RuntimeException {

  private final int status;

  public PeerRejectedException(int status, String detail) {
    super("peer answered " + status + (detail == null ? "" : ": " + detail));
    this.status = status;
  }

  public int status() {
    return status;
  }
}
