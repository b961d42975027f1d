#!/usr/bin/env bash
# Makes standalone-orders.xml in a WildFly 39 (a copy of standalone.xml configured by configure.cli).
# Usage: configure.sh JBOSS_HOME POSTGRESQL_JAR ECLIPSELINK_JAR...   (idempotent: starts from a fresh copy)
set -euo pipefail
home=$(cd "$1" && pwd)
driver=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
config=standalone-orders.xml
# jipijapa-eclipselink is WildFly's adapter for EclipseLink; it stays in the module with the jars.
jipijapa=$(ls "$home"/modules/system/layers/base/org/eclipse/persistence/main/jipijapa-eclipselink-*.jar)
jars=$jipijapa
for jar in "$@"; do jars=$jars:$jar; done
rm -rf "$home/modules/org/postgresql" "$home/modules/org/eclipse/persistence"
cp "$home/standalone/configuration/standalone.xml" "$home/standalone/configuration/$config"
# A fresh server: nothing left in the deployment scanner's folder by an earlier run.
rm -f "$home"/standalone/deployments/*.war*
props=$(mktemp)
trap 'rm -f "$props"' EXIT
printf 'orders.config=%s\norders.driver.jar=%s\norders.eclipselink.jars=%s\n' "$config" "$driver" "$jars" >"$props"
"$home/bin/jboss-cli.sh" --file="$here/configure.cli" --properties="$props"
echo "WildFly configured: $home/standalone/configuration/$config"
