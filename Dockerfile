# Production image: gunicorn behind your TLS proxy, static files served by WhiteNoise,
# running as an unprivileged user. Migrations are a separate step, run before a release:
#   docker run --rm --env-file outreach.env outreach python manage.py migrate
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 outreach
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=outreach:outreach . .
# Static files are collected at build time with a throwaway key; the real one comes from
# the environment at run time.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && rm -f .env

USER outreach
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
