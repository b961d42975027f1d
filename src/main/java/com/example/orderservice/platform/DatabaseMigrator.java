package com.example.orderservice.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the database schema up to date with the Flyway migrations in {@code db/migration} when the
 * application starts, before any request is served. The schema belongs to these migrations alone:
 * JPA generates no DDL.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigrator {

  private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

  /**
   * The datasource's reference in this application ({@code java:comp/env/jdbc/orders}), mapped to
   * the server-level pool of the same global name: Payara's {@code jdbc/orders}
   * (glassfish-web.xml), WildFly's {@code java:/jdbc/orders} (jboss-web.xml). JPA and Jakarta Batch
   * use that pool too. A reference because WildFly cannot bind a bare {@code jdbc/orders} lookup.
   */
  public static final String DATASOURCE = "jdbc/orders";

  /** The same reference by its full name, for beans that look it up rather than declare it. */
  public static final String DATASOURCE_REFERENCE = "java:comp/env/" + DATASOURCE;

  @Resource(name = DATASOURCE)
  DataSource dataSource;

  @PostConstruct
  void migrate() {
    Flyway flyway =
        Flyway.configure(DatabaseMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            // WildFly's JDBC job repository (JBeret) makes its tables in the same schema when the
            // server starts, before this runs: a baseline at version 0 accepts them and still
            // applies every migration from V1 (an older schema of our own would fail V1 loudly).
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    int applied = flyway.migrate().migrationsExecuted;
    MigrationStatus.markMigrated();
    LOG.info(
        () ->
            "Database schema at version "
                + flyway.info().current().getVersion()
                + " ("
                + applied
                + " migrations applied now)");
  }
}
