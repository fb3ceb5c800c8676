# The bot in one image: python -m bot run (long polling) by default, python -m bot webhook on request.
# Knowledge is baked in at /app/knowledge (mount a volume there to manage it outside the image);
# the default SQLite database lives in /app/data (a volume, so versions survive a new container).
FROM python:3.11-slim

ARG EXTRAS=""
# TMPDIR: jieba's prepared dictionary cache and upload scratch files, owned by the runtime user
# and kept in the image (a tmpfs mounted on /tmp would otherwise throw the cache away).
# PTB_TIMEDELTA: opt in to python-telegram-bot's future RetryAfter type now (silences its warning).
# MPLCONFIGDIR: matplotlib's font cache for the charts, prepared at build time like jieba's.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TMPDIR=/app/cache \
    BOT_KNOWLEDGE_DIR=/app/knowledge \
    PTB_TIMEDELTA=1 \
    MPLCONFIGDIR=/app/cache/matplotlib

RUN groupadd --system --gid 10001 bot \
 && useradd --system --uid 10001 --gid bot --home-dir /app --shell /usr/sbin/nologin bot

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install ".${EXTRAS}"

COPY knowledge ./knowledge
RUN mkdir -p /app/data /app/cache && chown -R bot:bot /app/data /app/cache /app/knowledge

USER bot
# As the runtime user, so the caches in TMPDIR are its own: jieba's dictionary cache, then the
# core's trimmed dictionary and its cache (built by answering one question against an in-memory
# database). `check` first: a broken knowledge file fails the build, not the first start.
RUN python -c "import jieba; jieba.initialize()" \
 && python -c "from bot.desk.png import prepare; prepare()" \
 && BOT_DATABASE_URL=sqlite:// python -m bot check \
 && BOT_DATABASE_URL=sqlite:// python -m bot ask "棚户区改造开工了多少套" > /dev/null

VOLUME ["/app/data"]
# The webhook server's port (BOT_WEBHOOK_PORT); unused in polling mode.
EXPOSE 8443
# The running bot touches a heartbeat file every 10 s; stale for 45 s means the loop is stuck.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["python", "-m", "bot.tg.health"]
# PTB's run_polling/run_webhook stop cleanly on SIGTERM (docker stop): pending answers are sent
# and the fetched updates confirmed before exit.
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "run"]
