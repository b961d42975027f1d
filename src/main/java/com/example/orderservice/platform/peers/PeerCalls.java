package com.example.orderservice.platform.peers;

import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.function.Supplier;

/**
 * Runs one call to a peer and names its failure: rejected (4xx), unavailable (5xx, refused, reset)
 * or timed out (outcome unknown). Callers then decide on facts, not on exception types of the HTTP
 * client.
 */
public final class PeerCalls {

  private PeerCalls() {}

  public static <T> T call(String peer, Supplier<T> call) {
    try {
      return call.get();
    } catch (PeerRejectedException | PeerUnavailableException | PeerTimeoutException known) {
      throw known;
    } catch (ProcessingException | jakarta.ws.rs.WebApplicationException e) {
      throw classify(peer, e);
    }
  }

  private static RuntimeException classify(String peer, RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PeerRejectedException
          || cause instanceof PeerUnavailableException
          || cause instanceof PeerTimeoutException) {
        return (RuntimeException) cause;
      }
      if (cause instanceof ConnectException) {
        return new PeerUnavailableException(peer + " refused the connection", e);
      }
      if (cause instanceof SocketTimeoutException timeout) {
        // A connect timeout means the request never left: nothing can have happened.
        if (String.valueOf(timeout.getMessage()).toLowerCase().contains("connect")) {
          return new PeerUnavailableException(peer + " could not be reached in time", e);
        }
        return new PeerTimeoutException(peer + " did not answer in time", e);
      }
    }
    return new PeerUnavailableException(peer + " call failed: " + e.getMessage(), e);
  }
}
