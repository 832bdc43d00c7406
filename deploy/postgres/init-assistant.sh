#!/bin/sh
# First start of the compose PostgreSQL: the assistant's own role and database, so the
# Rasa and action servers never hold the intake database's credentials.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE assistant LOGIN PASSWORD '${ASSISTANT_DB_PASSWORD}';
CREATE DATABASE assistant OWNER assistant;
SQL
