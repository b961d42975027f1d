package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportView;
import com.example.orderservice.imports.entity.OrderImport;
import com.example.orderservice.platform.ApiProblem;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes an upload in: stores it, recognises bytes sent before (same SHA-256: the earlier import is
 * answered and nothing runs twice), records the import and starts its job.
 */
@ApplicationScoped
public class ImportIntake {

  @Inject ImportUploads uploads;
  @Inject ImportStore store;
  @Inject ImportJobs jobs;

  @Inject
  @ConfigProperty(name = "IMPORT_MAX_BATCH_ORDERS", defaultValue = "10000")
  int maxBatchOrders;

  /** The import and whether it is new (202) or the earlier one for the same bytes (200). */
  public record Accepted(ImportView upload, boolean created) {}

  public Accepted csv(InputStream body, long length, Charset charset, String fileName) {
    return accept(uploads.receive(body, length), "csv", charset, fileName);
  }

  /**
   * A JSON batch: checked as a whole first, since an oversized or malformed batch is refused
   * outright.
   */
  public Accepted jsonBatch(InputStream body, long length) {
    ImportUploads.Received received = uploads.receive(body, length);
    int orders;
    try (JsonBatchReader reader = JsonBatchReader.open(received.file())) {
      orders = reader.countRemaining();
    } catch (ImportFileException e) {
      uploads.discard(received.file());
      throw ApiProblem.badRequest("The batch is not usable: " + e.getMessage() + ".");
    }
    if (orders > maxBatchOrders) {
      uploads.discard(received.file());
      throw ApiProblem.tooLarge(
          "A batch holds at most " + maxBatchOrders + " orders; this one has " + orders + ".");
    }
    if (orders == 0) {
      uploads.discard(received.file());
      throw ApiProblem.badRequest("The batch holds no orders.");
    }
    return accept(received, "json", StandardCharsets.UTF_8, null);
  }

  private Accepted accept(
      ImportUploads.Received received, String source, Charset charset, String fileName) {
    Optional<OrderImport> earlier = store.findBySha256(received.sha256());
    if (earlier.isPresent()) {
      uploads.discard(received.file());
      return new Accepted(store.view(earlier.get().getId()), false);
    }
    Path kept = uploads.keep(received, source);
    OrderImport upload;
    try {
      upload =
          store.create(
              new OrderImport(
                  source, fileName, received.sha256(), charset.name(), kept.toString()));
    } catch (EJBException raced) {
      // The same bytes arrived twice at once; the other request recorded them.
      return store
          .findBySha256(received.sha256())
          .map(i -> new Accepted(store.view(i.getId()), false))
          .orElseThrow(() -> raced);
    }
    jobs.start(upload.getId());
    return new Accepted(store.view(upload.getId()), true);
  }
}
