package io.siemflink.pipeline.job;

import io.siemflink.pipeline.model.ParseOutput;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** An input of the job, passed in so that tests and deployments swap endpoints without touching the job. */
@FunctionalInterface
public interface JobSource extends Serializable {
    DataStream<ParseOutput> create(StreamExecutionEnvironment env);
}
