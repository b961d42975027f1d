package com.example.orderservice.platform.peers;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a peer's Fault Tolerance facade whose calls {@link PeerCallMeter} times and counts. */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface MeteredPeer {

  /** The peer's name in the metrics' {@code peer} tag: {@code payment}, {@code notification}. */
  @Nonbinding
  String value();
}
