#!/usr/bin/env bash
# Validate the Prometheus config, alerting rules (plus their unit tests) and the
# Grafana dashboard. Needs promtool (Debian/Ubuntu: apt-get install prometheus)
# and python3. Runs from any working directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."

echo "== promtool check config"
promtool check config deploy/prometheus/prometheus.yml

echo "== promtool check rules"
promtool check rules deploy/prometheus/alerts.yml

echo "== promtool test rules"
promtool test rules deploy/prometheus/alerts_test.yml

echo "== grafana dashboard JSON"
python3 -m json.tool deploy/grafana/sessiond-dashboard.json >/dev/null
echo "  SUCCESS: deploy/grafana/sessiond-dashboard.json is valid JSON"

echo "All deploy checks passed."
