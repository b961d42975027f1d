package com.example.orderservice.platform.peers;

import com.example.orderservice.platform.metrics.Metrics;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Times each call to a peer and counts it by outcome: {@code ok}, {@code rejected} (4xx), {@code
 * timeout}, {@code unavailable} (5xx, refused, open breaker, full bulkhead).
 */
// Priority APPLICATION (2000) is below Fault Tolerance's (PLATFORM_AFTER + 10): this runs outside
// it, so it sees what the caller sees, retries included, and the breaker's and bulkhead's refusals.
@MeteredPeer("")
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
@Dependent
public class PeerCallMeter {

  @Inject Metrics metrics;

  @AroundInvoke
  Object meter(InvocationContext call) throws Exception {
    String peer = peerOf(call);
    long start = System.nanoTime();
    String outcome = "unavailable";
    try {
      Object result = call.proceed();
      outcome = "ok";
      return result;
    } catch (PeerRejectedException e) {
      outcome = "rejected";
      throw e;
    } catch (PeerTimeoutException | TimeoutException e) {
      outcome = "timeout";
      throw e;
    } finally {
      metrics.time(
          "peer_call_duration",
          "Calls to a peer, as the caller waits for them (retries included)",
          Duration.ofNanos(System.nanoTime() - start),
          "peer",
          peer);
      metrics.count("peer_calls", "Calls to a peer, by outcome", "peer", peer, "outcome", outcome);
    }
  }

  private static String peerOf(InvocationContext call) {
    MeteredPeer marked = call.getMethod().getAnnotation(MeteredPeer.class);
    if (marked == null) {
      marked = call.getMethod().getDeclaringClass().getAnnotation(MeteredPeer.class);
    }
    return marked == null ? "unknown" : marked.value();
  }
}
