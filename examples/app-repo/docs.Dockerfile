# syntax=docker/dockerfile:1.7
# The documentation: Sphinx builds static HTML, an unprivileged nginx (uid 101, port 8080)
# serves it. Matches the charts' DocsSite (test/app-images.test.ts).
#
# The build follows what the seed's docs/conf.py expects (it runs django.setup() so autodoc can
# import the models):
# - the code is in /app: conf.py puts /app on sys.path unless READTHEDOCS=True;
# - conf.py sets DATABASE_URL (SQLite, never opened) and CELERY_BROKER_URL itself, and defaults
#   DJANGO_SETTINGS_MODULE to config.settings.local, so none of them is set here;
# - config.settings.local reads USE_DOCKER without a default: "no" (with "yes" it would resolve
#   the build container's own hostname for the debug toolbar's INTERNAL_IPS);
# - local settings install debug_toolbar and django_extensions, and Sphinx itself is pinned in
#   requirements/local.txt (the seed has no docs-only requirements file), which also pins
#   psycopg2 from source: hence the compiler and libpq-dev in this stage only.
ARG PYTHON_IMAGE=docker.io/library/python:3.11.15-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1 USE_DOCKER=no
RUN apt-get update \
 && apt-get install --no-install-recommends -y build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
COPY requirements/ /requirements/
RUN pip install -r /requirements/local.txt
WORKDIR /app
COPY . /app
RUN sphinx-build -b html docs /html

# nginx-unprivileged's stable line (nginx/docker-nginx-unprivileged, stable/alpine): listens on
# 8080 and runs as uid/gid 101, with its pid and temporary files in /tmp.
FROM docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine
# Owned by root and only readable by nginx: the site cannot be changed at run time.
COPY --from=build /html /usr/share/nginx/html
USER 101:101
EXPOSE 8080
