package com.example.orderservice.imports.control;

import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Splits the charging of an import into {@code IMPORT_PAYMENT_PARALLELISM} partitions (by order
 * id), run at once: that many charges are in flight together.
 */
@Named("importChargePartitions")
@Dependent
public class ImportChargePartitions implements PartitionMapper {

  @Inject
  @ConfigProperty(name = "IMPORT_PAYMENT_PARALLELISM", defaultValue = "16")
  int parallelism;

  @Override
  public PartitionPlan mapPartitions() {
    PartitionPlanImpl plan = new PartitionPlanImpl();
    int partitions = Math.max(1, parallelism);
    plan.setPartitions(partitions);
    plan.setThreads(partitions);
    Properties[] properties = new Properties[partitions];
    for (int i = 0; i < partitions; i++) {
      properties[i] = new Properties();
      properties[i].setProperty("partition", String.valueOf(i));
      properties[i].setProperty("partitions", String.valueOf(partitions));
    }
    plan.setPartitionProperties(properties);
    return plan;
  }
}
