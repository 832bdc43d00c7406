# The Rasa servers and the action servers (Python 3.10, .venv-rasa's environment), one
# image for both. Built from the repository root; bot/models/current.tar.gz must exist
# (make model): the model-init service copies it into the shared models volume.
FROM python:3.10-slim-bookworm
WORKDIR /app
COPY bot/requirements.txt bot/requirements-nodeps.txt bot/constraints.txt ./bot/
RUN pip install --no-cache-dir 'pip<25' wheel \
 && pip install --no-cache-dir -c bot/constraints.txt -r bot/requirements.txt \
 && pip install --no-cache-dir --no-deps -r bot/requirements-nodeps.txt
COPY bot ./bot
COPY actions ./actions
COPY scripts ./scripts
COPY data ./data
RUN useradd --system --home /app/var rasa && mkdir -p /app/var && chown rasa /app/var
USER rasa
ENV RASA_TELEMETRY_ENABLED=false HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1
