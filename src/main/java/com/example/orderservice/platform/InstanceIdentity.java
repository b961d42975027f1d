package com.example.orderservice.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The name of this running copy of the service ({@code INSTANCE_ID}, else the host name and a
 * random suffix): what its claims on shared work carry, and what its log lines and answers name.
 */
public final class InstanceIdentity {

  // Host name plus a suffix: two copies on one host, or a restarted container that kept its host
  // name, must never pass for each other.
  private static final String ID = configured().orElseGet(InstanceIdentity::hostAndSuffix);

  private InstanceIdentity() {}

  /** This instance's id, the same for the whole life of the process. */
  public static String id() {
    return ID;
  }

  private static Optional<String> configured() {
    Optional<String> value;
    try {
      value = ConfigProvider.getConfig().getOptionalValue("INSTANCE_ID", String.class);
    } catch (IllegalStateException noConfigRuntime) {
      // Outside a server (unit tests, tools) only the environment is there.
      value = Optional.ofNullable(System.getenv("INSTANCE_ID"));
    }
    return value.map(String::trim).filter(s -> !s.isEmpty());
  }

  private static String hostAndSuffix() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "host";
    }
    byte[] suffix = new byte[3];
    new SecureRandom().nextBytes(suffix);
    String id = host + "-" + HexFormat.of().formatHex(suffix);
    return id.length() <= 100 ? id : id.substring(id.length() - 100);
  }
}
