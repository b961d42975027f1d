package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.OrderImport;
import com.example.orderservice.imports.entity.SourceOrder;
import com.example.orderservice.platform.JsonbConfigurator;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the import's stored file order by order. It starts after the rows the import has already
 * committed ({@code processed_rows}, written with each chunk), so a restarted or resumed import
 * goes on exactly where it stopped.
 */
@Named("importReader")
@Dependent
public class ImportReader extends AbstractItemReader {

  @Inject JobContext job;
  @Inject ImportStore store;
  @Inject ImportFiles files;

  private CsvOrderReader csv;
  private JsonBatchReader json;

  @Override
  public void open(Serializable checkpoint) {
    try {
      openFile();
    } catch (ImportFileException e) {
      throw failed(e);
    }
  }

  /** The import fails with the file's problem as its {@code error}. */
  private ImportFileException failed(ImportFileException e) {
    job.setExitStatus(ImportJobListener.FAILED_PREFIX + e.getMessage());
    return e;
  }

  private void openFile() {
    long importId = ImportJobContext.importId(job);
    OrderImport upload = store.require(importId);
    if (upload.getTotalRows() == null) {
      countRows(importId, upload);
    }
    if ("csv".equals(upload.getSource())) {
      csv = CsvOrderReader.open(file(upload), Charset.forName(upload.getCharset()));
      csv.skip(upload.getProcessedRows());
    } else {
      json = JsonBatchReader.open(file(upload));
      json.skip(upload.getProcessedRows());
    }
  }

  /** The import's file: in the database, or (imported before it moved there) on a disk. */
  private InputStream file(OrderImport upload) {
    if (upload.getFileId() != null) {
      return files.reader(upload.getFileId());
    }
    if (upload.getStoragePath() == null) {
      throw new ImportFileException("its file was removed after the retention period");
    }
    try {
      return Files.newInputStream(Path.of(upload.getStoragePath()));
    } catch (IOException e) {
      throw new ImportFileException("its file " + upload.getStoragePath() + " cannot be read");
    }
  }

  private void countRows(long importId, OrderImport upload) {
    if ("csv".equals(upload.getSource())) {
      try (CsvOrderReader counter =
          CsvOrderReader.open(file(upload), Charset.forName(upload.getCharset()))) {
        int rows = counter.countRemaining();
        List<String> warnings = counter.warnings();
        store.counted(
            importId, rows, warnings.isEmpty() ? null : JsonbConfigurator.jsonb().toJson(warnings));
      }
    } else {
      try (JsonBatchReader counter = JsonBatchReader.open(file(upload))) {
        store.counted(importId, counter.countRemaining(), null);
      }
    }
  }

  @Override
  public SourceOrder readItem() {
    try {
      return csv != null ? csv.nextOrder() : json.nextOrder();
    } catch (ImportFileException e) {
      throw failed(e);
    }
  }

  @Override
  public void close() {
    if (csv != null) {
      csv.close();
    }
    if (json != null) {
      json.close();
    }
  }
}
