# Copy to $CATALINA_BASE/bin/setenv.sh: where Lodestar finds its configuration (HAProxy language).
# The environment variable LODESTAR_CONFIG works as well; without either, the WAR's bundled sample is used.
CATALINA_OPTS="$CATALINA_OPTS -Dlodestar.config=/etc/lodestar/lodestar.cfg"
