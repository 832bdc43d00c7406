# The intake API (Python 3.11, .venv's environment). Built from the repository root:
#   docker compose -f deploy/compose.yaml build
FROM python:3.11-slim-bookworm
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY intake_api ./intake_api
RUN pip install --no-cache-dir -c constraints.txt .
COPY data ./data
RUN useradd --system --home /app intake && mkdir -p /app/var && chown intake /app/var
USER intake
ENV INTAKE_VAR_DIR=/app/var
EXPOSE 8000
CMD ["sh", "-c", "exec intake serve --host 0.0.0.0 --port 8000 --workers ${API_WORKERS:-2}"]
