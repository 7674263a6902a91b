# syntax=docker/dockerfile:1.7
# Production image of an app made from today's cookiecutter-django (uv, pyproject.toml and
# uv.lock, no requirements/ folder; release 2026.8.18). Beside the seed's Dockerfile (pip,
# requirements/production.txt), which stays as it is. Web, Celery (when the app has it) and the
# migrations all run from it, as the charts assume (test/app-images.test.ts): uid/gid 10001,
# code in /app, /entrypoint, port 8000, nothing written under / at run time.
#
# Python 3.14: the template pins it (pyproject.toml requires-python "==3.14.*", .python-version
# 3.14); 3.14.6 is the newest 3.14 patch the official image ships (docker-library/python
# versions.json), on the Debian (bookworm) the template's own image uses. uv 0.12.5 from its
# image, as uv's Docker guide does (astral-sh/uv docs/guides/integration/docker.md).
ARG PYTHON_IMAGE=docker.io/library/python:3.14.6-slim-bookworm
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.12.5

FROM ${UV_IMAGE} AS uv

# The virtual environment in /app/.venv, from uv.lock exactly (--frozen: the lock is not
# re-resolved) and without the dev group. Dependencies first, so a code change reuses the layer;
# psycopg's C build needs the compiler and libpq-dev, kept to this stage.
FROM ${PYTHON_IMAGE} AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=0 UV_PROJECT_ENVIRONMENT=/app/.venv
RUN apt-get update \
 && apt-get install --no-install-recommends -y build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
COPY --from=uv /uv /bin/uv
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --frozen --no-dev --no-install-project
COPY . /app
# The build-time placeholders are bind-mounted where they are used, never copied into the image.
RUN --mount=type=cache,target=/root/.cache/uv \
    rm -f /app/docker/build-settings.env \
 && uv sync --frozen --no-dev

# What the later stages share: the user, the run-time libraries, the code and its environment
# (bytecode compiled at build time: the running image writes none). wait-for-it is what the
# template's compose/production/django/entrypoint waits for PostgreSQL with.
FROM ${PYTHON_IMAGE} AS base
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production
RUN groupadd --system --gid 10001 django \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin django \
 && apt-get update \
 && apt-get install --no-install-recommends -y libpq5 wait-for-it \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app

# Static files and translations, built here because the root filesystem is read-only in the
# cluster. Importing config.settings.production fails on each variable it reads without a
# default, so the build-time placeholders of the deployment's config/app.yaml (`npm run cli --
# build-settings > docker/build-settings.env` in the deployment repository) are loaded for this
# RUN's shell only: none reaches the image, nothing connects anywhere. With static files in
# object storage (S3, GCS, Azure: the template's use_whitenoise=n) collectstatic would upload with
# placeholder credentials: build with --build-arg COLLECTSTATIC=false and let the charts'
# collectstatic Job run it with the real settings.
FROM base AS assets
ARG COLLECTSTATIC=true
RUN apt-get update \
 && apt-get install --no-install-recommends -y gettext \
 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=bind,source=docker/build-settings.env,target=/tmp/build-settings.env \
    set -eu; \
    set -a; . /tmp/build-settings.env; set +a; \
    if [ "$COLLECTSTATIC" = true ]; then python manage.py collectstatic --noinput; fi; \
    python manage.py compilemessages

FROM base AS run
# Code, environment, static files and messages, owned by root: the app cannot change them.
COPY --from=assets /app /app
COPY --chmod=0755 compose/production/django/entrypoint /entrypoint
USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["/entrypoint"]
CMD ["gunicorn", "config.wsgi", "--bind=0.0.0.0:8000", "--chdir=/app", "--worker-tmp-dir=/dev/shm"]
