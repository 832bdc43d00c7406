"""Custom NLU components of the assistant (loaded by Rasa from config.yml)."""

from components import jsonschema_cache  # noqa: F401  (speeds up Rasa's action checks)
from components import rasa_speedups  # noqa: F401  (event decoding, SQLite tracker commits)
