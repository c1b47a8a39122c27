package io.vpop.report;

import io.vpop.batch.BatchResult;
import io.vpop.batch.PatientBatch;
import io.vpop.model.Output;
import io.vpop.run.Observer;
import io.vpop.run.PatientSink;
import io.vpop.scenario.Observations;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * The rows of {@code observations.csv}, in NONMEM's names: {@code ID} (as patients.csv's id),
 * {@code TIME} (h), {@code DVID} (the output's number, from 1 in the model's order), {@code output}
 * (its name), {@code IPRED} and {@code DV} (in the output's unit), {@code LLOQ} (empty where the
 * output has none) and {@code BLQ} (1 below it, where DV is the limit: the M3 convention). One row
 * per observation, patient by patient, times in order; a patient whose solve failed has none (its
 * status is in patients.csv and summary.json). Numbers in Java's shortest exact form, so the file
 * is the same byte for byte whatever the thread count or batch size.
 */
public final class ObservationTable {
  private final Observer observer;
  private final List<Output> outputs;

  /**
   * @param outputs the model's outputs
   */
  public ObservationTable(Observer observer, List<Output> outputs) {
    this.observer = observer;
    this.outputs = List.copyOf(outputs);
  }

  /**
   * Writes the table into {@code file} while a run feeds it batch by batch; the file appears whole
   * when the run ends, or not at all ({@link AtomicFiles}).
   *
   * @return what the run returns
   */
  public <T> T writeWhile(Path file, PatientTable.Run<T> run) throws IOException {
    return PatientTable.writeWhile(
        file,
        writer -> {
          writer.write("ID,TIME,DVID,output,IPRED,DV,LLOQ,BLQ\n");
          return sink(writer);
        },
        run);
  }

  /**
   * About how many bytes the table of {@code patients} patients observed as {@code plan} says
   * takes: eight columns of at most 24 characters each.
   */
  public static long estimatedBytes(Observations plan, long patients) {
    return patients * plan.perPatient() * 8 * 24;
  }

  private PatientSink sink(Writer out) {
    Observations plan = observer.plan();
    StringBuilder row = new StringBuilder(128);
    return (PatientBatch batch, BatchResult result) -> {
      for (int i = 0; i < batch.size(); i++) {
        if (!observer.observe(batch, i, result)) {
          continue;
        }
        int observed = plan.outputs().size();
        for (int t = 0; t < plan.timesH().size(); t++) {
          for (int k = 0; k < observed; k++) {
            int j = t * observed + k;
            int output = plan.outputs().get(k);
            double limit = plan.lloq().get(k);
            row.setLength(0);
            row.append(batch.index(i) + 1)
                .append(',')
                .append(plan.timesH().get(t))
                .append(',')
                .append(output + 1)
                .append(',')
                .append(outputs.get(output).name())
                .append(',')
                .append(observer.ipred(j))
                .append(',')
                .append(observer.dv(j))
                .append(',')
                .append(limit > 0 ? Double.toString(limit) : "")
                .append(',')
                .append(observer.belowLimit(j) ? 1 : 0)
                .append('\n');
            out.write(row.toString());
          }
        }
      }
    };
  }
}
