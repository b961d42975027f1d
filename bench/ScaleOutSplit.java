import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Prints how an import's work was split between instances, for bench/scaleout-bench.sh: orders
 * charged (claimed) per instance, and the import's owner.
 *
 * <p>java -cp postgresql.jar bench/ScaleOutSplit.java JDBC_URL USER PASSWORD IMPORT_ID
 */
public class ScaleOutSplit {
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      long importId = Long.parseLong(args[3]);
      try (var q =
          c.prepareStatement(
              "SELECT COALESCE(claimed_by, '-'), COUNT(*) FROM orders WHERE import_id = ?"
                  + " GROUP BY 1 ORDER BY 1")) {
        q.setLong(1, importId);
        try (ResultSet rows = q.executeQuery()) {
          while (rows.next()) {
            System.out.println("charged_by " + rows.getString(1) + " " + rows.getLong(2));
          }
        }
      }
      try (var q = c.prepareStatement("SELECT owner FROM order_imports WHERE id = ?")) {
        q.setLong(1, importId);
        try (ResultSet rows = q.executeQuery()) {
          rows.next();
          System.out.println("owner " + rows.getString(1));
        }
      }
    }
  }
}
