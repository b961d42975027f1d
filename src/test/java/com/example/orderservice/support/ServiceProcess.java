package com.example.orderservice.support;

import java.util.Map;

/**
 * The built WAR on a server this test starts and may kill: Payara Micro, or WildFly when the build
 * runs the tests there ({@code -Dtest.server=wildfly}, set by the wildfly profile).
 */
public interface ServiceProcess extends AutoCloseable {

  /** Starts the server of this test run and waits until the application answers. */
  static ServiceProcess start(String name, Map<String, String> extraEnv) {
    return "wildfly".equals(System.getProperty("test.server"))
        ? WildFlyProcess.start(name, extraEnv)
        : PayaraProcess.start(name, extraEnv);
  }

  String baseUri();

  /** {@code kill -9}: no shutdown hook, no clean-up, as in a crash. */
  void kill();

  @Override
  void close();
}
