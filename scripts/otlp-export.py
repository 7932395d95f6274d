"""Exports Claude Code-shaped telemetry with the real OpenTelemetry Python SDK over OTLP/HTTP
protobuf (the SDK's own exporters; metrics gzip-compressed), for sessiond's tests of `POST /v1/logs` and `/v1/metrics`.

    otlp-export.py URL SESSION_ID   # URL like http://127.0.0.1:8080

Prints one JSON line: what was exported and whether every export succeeded.
"""
import json
import sys
import time

from opentelemetry._logs import LogRecord
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource

url, session = sys.argv[1], sys.argv[2]
resource = Resource.create({"service.name": "claude-code", "service.version": "2.1.0"})

logs = LoggerProvider(resource=resource)
log_exporter = OTLPLogExporter(endpoint=f"{url}/v1/logs")
logs.add_log_record_processor(SimpleLogRecordProcessor(log_exporter))
logger = logs.get_logger("com.anthropic.claude_code")
now = time.time_ns()
records = [
    ("user_prompt", {"prompt_length": 42, "prompt.id": "p1"}),
    ("api_request", {"model": "claude-sonnet-4-6", "input_tokens": 1200, "output_tokens": 300,
                     "cache_read_tokens": 5000, "cache_creation_tokens": 0, "cost_usd": 0.0123,
                     "duration_ms": 2100, "prompt.id": "p1"}),
    ("tool_result", {"tool_name": "Bash", "success": "false", "duration_ms": 340,
                     "error": "exit code 1", "prompt.id": "p1"}),
    ("api_request", {"model": "claude-sonnet-4-6", "input_tokens": 800, "output_tokens": 100,
                     "cache_read_tokens": 6000, "cache_creation_tokens": 0, "cost_usd": 0.0077,
                     "duration_ms": 1500, "prompt.id": "p1"}),
]
for index, (name, attributes) in enumerate(records):
    attributes = {"session.id": session, "event.name": name, **attributes}
    logger.emit(LogRecord(timestamp=now + index * 1_000_000, observed_timestamp=now + index * 1_000_000,
                          body=f"claude_code.{name}", attributes=attributes))
logs_ok = logs.force_flush()
logs.shutdown()

reader = PeriodicExportingMetricReader(OTLPMetricExporter(endpoint=f"{url}/v1/metrics", compression=Compression.Gzip),
                                       export_interval_millis=3_600_000)
meters = MeterProvider(resource=resource, metric_readers=[reader])
meter = meters.get_meter("com.anthropic.claude_code")
lines = meter.create_counter("claude_code.lines_of_code.count", unit="count")
lines.add(12, {"session.id": session, "type": "added"})
lines.add(3, {"session.id": session, "type": "removed"})
metrics_ok = meters.force_flush()
meters.shutdown()

print(json.dumps({"logs": len(records), "metric_points": 2, "logs_ok": logs_ok, "metrics_ok": metrics_ok}))
