# syntax=docker/dockerfile:1
# Linli (邻里) in a container. See README, "Docker":
#   docker build --build-arg LINLI_COMMIT=$(git rev-parse HEAD) -t linli .
#   docker run -d --name linli -v linli-data:/data linli
# The database, its nightly backups and the WeChat session live in the
# /data volume; the configuration is /etc/linli/config.yaml (mount your own
# over it, read-only).

ARG GO_VERSION=1.26

# Build: cgo for SQLite, so a C compiler (the golang image has gcc).
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# A build context has no .git to read the commit from: pass it in.
ARG LINLI_COMMIT=""
ARG LINLI_BUILT=""
RUN CGO_ENABLED=1 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X linli/internal/version.commit=${LINLI_COMMIT} -X linli/internal/version.built=${LINLI_BUILT}" \
      -o /out/linli ./cmd/linli

# Run: glibc for the cgo binary, CA certificates for Telegram and WeChat
# over https; time zones are built into the binary (time/tzdata).
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 linli \
 && useradd --system --uid 10001 --gid linli --home-dir /data --shell /usr/sbin/nologin linli \
 && install -d -m 0700 -o linli -g linli /data \
 && install -d -m 0755 /etc/linli
COPY --from=build /out/linli /usr/local/bin/linli
COPY deploy/config.docker.yaml /etc/linli/config.yaml
USER linli:linli
WORKDIR /data
VOLUME ["/data"]
# Asks the running process on metrics.addr (loopback inside the container).
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 \
  CMD ["linli", "health", "--config", "/etc/linli/config.yaml"]
ENTRYPOINT ["linli"]
CMD ["run", "--config", "/etc/linli/config.yaml"]
