# syntax=docker/dockerfile:1.7
# The documentation of an app made from today's cookiecutter-django (uv): Sphinx builds static
# HTML, an unprivileged nginx (uid 101, port 8080) serves it, as the charts' DocsSite expects
# (test/app-images.test.ts). The template's docs/conf.py:
# - puts /app on sys.path (unless READTHEDOCS=True): the code is copied there;
# - sets DATABASE_URL (SQLite, never opened) and defaults DJANGO_SETTINGS_MODULE to
#   config.settings.local, which reads USE_DOCKER without a default: "no";
# - Sphinx is in the dev dependency group (pyproject.toml), so this sync keeps it.
ARG PYTHON_IMAGE=docker.io/library/python:3.14.6-slim-bookworm
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.12.5

FROM ${UV_IMAGE} AS uv

FROM ${PYTHON_IMAGE} AS build
ENV UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=0 UV_PROJECT_ENVIRONMENT=/app/.venv PYTHONDONTWRITEBYTECODE=1 USE_DOCKER=no
RUN apt-get update \
 && apt-get install --no-install-recommends -y build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
COPY --from=uv /uv /bin/uv
WORKDIR /app
COPY . /app
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen
RUN /app/.venv/bin/sphinx-build -b html docs /html

# nginx-unprivileged's stable line, as the seed's docs.Dockerfile: port 8080, uid/gid 101.
FROM docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine
COPY --from=build /html /usr/share/nginx/html
USER 101:101
EXPOSE 8080
