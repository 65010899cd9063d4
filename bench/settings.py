"""Settings for benchmark runs: the product's settings plus a trivial baseline view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Benchmarks log in with tokens made directly; throttling would measure the throttle.
AXES_ENABLED = False
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth_token": None}}  # noqa: F405

# No collectstatic for benchmark runs: static files are not what is measured.
WHITENOISE_AUTOREFRESH = True
