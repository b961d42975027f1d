package com.example.orderservice.platform;

/** Whether this deployment's schema migrations have run: the readiness check waits for them. */
// Static: the server's health endpoint may ask before any bean of the application exists; one
// deployment is one class loader, so a redeploy starts from false again. Not on the migrating EJB
// itself: EJBs should have no static methods (WildFly warns).
final class MigrationStatus {

  private static volatile boolean migrated;

  private MigrationStatus() {}

  static boolean migrated() {
    return migrated;
  }

  static void markMigrated() {
    migrated = true;
  }
}
