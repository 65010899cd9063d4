"""Settings for benchmark runs: the product's settings plus a trivial baseline view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Benchmarks log in with tokens made directly; throttling would measure the throttle.
AXES_ENABLED = False
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth_token": None}}  # noqa: F405

# No collectstatic for benchmark runs: static files are not what is measured.
WHITENOISE_AUTOREFRESH = True

# bench/bench_floor.py compares the API's floor with and without each of its savings:
# BENCH_READS_IN_TRANSACTION=1 puts API reads back in a transaction (outreach.db); the token
# cache is switched with API_TOKEN_CACHE_SECONDS=0 (config/settings.py).
READS_WITHOUT_TRANSACTION = env.bool("BENCH_READS_IN_TRANSACTION", default=False) is False  # noqa: F405

# Pages name their static files; without collectstatic there is no manifest to look them up
# in, so plain names (the files are not what is measured).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
