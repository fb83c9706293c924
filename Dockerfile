# InWriting: the web app, JSON API and record on port 8000.
#   docker build -t inwriting .
#   docker run -p 8000:8000 -v inwriting-data:/data inwriting
# With PostgreSQL, see compose.yaml and docs/operations.md ("Containers").
FROM python:3.11-slim

# WeasyPrint (PDF exports) needs Pango, HarfBuzz, fontconfig and a font; postgresql-client
# gives pg_dump and psql for backups of a PostgreSQL database. Not pinned (DL3008): Debian's
# security updates replace old versions, so a pin would break the build, not steady it.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 fonts-dejavu-core \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# The pinned dependencies first, in their own layer, so a change of code does not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN pip install --no-deps .

RUN groupadd --system --gid 10001 inwriting \
    && useradd --system --create-home --home-dir /home/inwriting --uid 10001 --gid 10001 inwriting \
    && mkdir /data && chown inwriting:inwriting /data
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]

# SQLite in the volume by default; compose.yaml sets a PostgreSQL URL instead. The record's
# signing key lives in INWRITING_DATA_DIR: keep the volume, or the record gets a new key.
ENV INWRITING_DATABASE_URL=sqlite:////data/inwriting.db \
    INWRITING_DATA_DIR=/data/state \
    INWRITING_LOG_FORMAT=json \
    INWRITING_LOG_LEVEL=INFO

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/record/checkpoint', timeout=4)"]
CMD ["inwriting", "serve", "--host", "0.0.0.0", "--port", "8000"]
