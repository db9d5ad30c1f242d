# openbuy in a container: `openbuy serve` (gunicorn and a worker), production settings.
# `docker compose up` runs it with PostgreSQL (compose.yaml); see docs/operators.md#container.

FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend frontend
RUN npm run --silent build

FROM python:3.12-slim-bookworm
# No bytecode written at run time (the app's folder is read-only to it): it is compiled once
# below, so no command or process compiles openbuy's modules again as it starts.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OPENBUY_ENV=production \
    OPENBUY_DATA_DIR=/data \
    STATIC_ROOT=/app/static
RUN apt-get update \
    && apt-get install --yes --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home openbuy \
    && mkdir /data \
    && chown openbuy /data
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY openbuy openbuy
RUN pip install --no-cache-dir --constraint constraints.txt --editable . \
    && python -m compileall -q openbuy \
    && msgfmt --check -o openbuy/locale/fr/LC_MESSAGES/django.mo \
        openbuy/locale/fr/LC_MESSAGES/django.po
COPY --from=frontend /app/build build
# The settings must load to collect the static files: throwaway values for this step only.
RUN SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_hex(32))')" \
    ALLOWED_HOSTS=build EMAIL_URL=console: \
    openbuy collectstatic --noinput -v0
USER openbuy
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["openbuy", "serve", "0.0.0.0:8000"]
