# syntax=docker/dockerfile:1.7
# The documentation: Sphinx builds static HTML, an unprivileged nginx (uid 101, port 8080)
# serves it. Matches the charts' DocsSite (test/app-images.test.ts).
FROM docker.io/library/python:3.12.8-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements/ requirements/
RUN pip install -r requirements/docs.txt
COPY . .
RUN sphinx-build -W -b html docs /html

FROM docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine
COPY --from=build --chown=101:101 /html /usr/share/nginx/html
USER 101:101
EXPOSE 8080
